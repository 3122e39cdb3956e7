"""A simple body diagram (inline SVG) for the spread atlas.

Front view of a body with simple organ shapes. The place where a cancer started is
drawn solid (burnt orange) with a star; the places it commonly spreads to are drawn
with diagonal stripes and a thick dark outline, so the difference never rests on
colour alone. Labels with leader lines name the marked places, and the SVG has
``role="img"`` with a ``<title>`` and ``<desc>`` in the page language.

No outside assets: shapes are paths built here, text uses the page's own font.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from helpline.spread.atlas import Atlas, Entry, load_atlas, tr

WIDTH = 560
BODY_HEIGHT = 760
LEGEND_HEIGHT = 64
HEIGHT = BODY_HEIGHT + LEGEND_HEIGHT
CENTRE = WIDTH / 2

# Colours (contrast against white: outline 12:1, primary 6:1, stripes 7:1, grey 4.5:1).
INK = "#1a1a1a"
OUTLINE = "#3f1d5e"
STRIPE = "#5b2a86"
STRIPE_BG = "#ecdff8"
PRIMARY = "#a0410d"
GREY = "#767676"
ORGAN = "#ececec"
BONE = "#e4ddcb"
SKIN = "#fbf9fc"
LINING = "#a8a8a8"

Point = tuple[float, float]


def _mirror(points: Sequence[Point]) -> list[Point]:
    return [(2 * CENTRE - x, y) for x, y in points]


def _smooth(points: Sequence[Point], closed: bool = True) -> str:
    """A smooth path through ``points`` (Catmull-Rom turned into cubic Béziers)."""
    pts = list(points)
    n = len(pts)
    out = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    last = n if closed else n - 1
    for i in range(last):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    if closed:
        out.append("Z")
    return " ".join(out)


def _scale(points: Sequence[Point], factor: float) -> list[Point]:
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    return [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in points]


def _ellipse_points(cx: float, cy: float, rx: float, ry: float, n: int = 10) -> list[Point]:
    return [
        (cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n))
        for k in range(n)
    ]


@dataclass(frozen=True)
class Shape:
    """One drawable part. ``kind``: area (closed path), tube (thick line), line, nodes."""

    key: str
    kind: str
    d: str = ""  # path data (area, tube, line)
    anchor: Point = (0.0, 0.0)  # where a leader line points to
    side: str = "left"  # which label column
    width: float = 0.0  # tube width
    circles: tuple[Point, ...] = ()  # lymph nodes
    base: str = ORGAN  # fill when not marked
    lining: bool = False  # drawn as a faint dashed outline when not marked
    optional: bool = False  # drawn only when marked or asked for


def _area(
    key: str,
    pts: Sequence[Point],
    side: str,
    *,
    base: str = ORGAN,
    lining: bool = False,
    optional: bool = False,
) -> Shape:
    cx = sum(p[0] for p in pts) / len(pts)
    cy = sum(p[1] for p in pts) / len(pts)
    return Shape(
        key, "area", _smooth(pts), (cx, cy), side, base=base, lining=lining, optional=optional
    )


def _tube(
    key: str,
    pts: Sequence[Point],
    width: float,
    side: str,
    *,
    base: str = ORGAN,
    optional: bool = False,
) -> Shape:
    mid = pts[len(pts) // 2]
    return Shape(
        key, "tube", _smooth(pts, closed=False), mid, side, width, base=base, optional=optional
    )


def _nodes(key: str, pts: Sequence[Point], side: str) -> Shape:
    return Shape(key, "nodes", anchor=pts[0], side=side, circles=tuple(pts))


# ------------------------------------------------------------------ the drawing

_BODY_LEFT: list[Point] = [
    (268, 92),
    (266, 116),
    (240, 124),
    (214, 132),
    (199, 148),
    (191, 180),
    (185, 230),
    (178, 290),
    (171, 350),
    (165, 410),
    (160, 448),
    (164, 466),
    (177, 462),
    (182, 430),
    (190, 370),
    (198, 310),
    (206, 250),
    (211, 204),
    (210, 262),
    (212, 330),
    (208, 390),
    (202, 450),
    (204, 520),
    (210, 600),
    (214, 680),
    (216, 728),
    (238, 740),
    (258, 732),
    (262, 680),
    (266, 600),
    (272, 540),
    (280, 524),
]
_BODY = _BODY_LEFT + list(reversed(_mirror(_BODY_LEFT)))[1:]

_LUNG_R: list[Point] = [
    (271, 142),
    (258, 136),
    (242, 146),
    (231, 168),
    (224, 200),
    (221, 232),
    (224, 256),
    (242, 258),
    (260, 250),
    (270, 236),
    (272, 190),
]
_HEART: list[Point] = [(268, 214), (290, 204), (308, 212), (310, 234), (294, 252), (272, 244)]
_LIVER: list[Point] = [
    (214, 272),
    (240, 264),
    (272, 266),
    (298, 272),
    (294, 286),
    (268, 300),
    (240, 314),
    (220, 308),
    (212, 290),
]
_STOMACH: list[Point] = [
    (298, 276),
    (316, 268),
    (334, 276),
    (336, 296),
    (326, 314),
    (306, 318),
    (294, 306),
    (302, 292),
]
_SPLEEN: list[Point] = [(340, 276), (349, 284), (348, 304), (340, 306), (336, 290)]
_PANCREAS: list[Point] = [
    (252, 330),
    (272, 322),
    (292, 318),
    (306, 318),
    (306, 326),
    (290, 330),
    (270, 336),
    (254, 337),
]
_ADRENAL_R: list[Point] = [(230, 336), (238, 322), (250, 336)]
_PERITONEUM: list[Point] = [
    (212, 266),
    (280, 258),
    (348, 266),
    (352, 330),
    (350, 400),
    (342, 446),
    (312, 470),
    (248, 470),
    (218, 446),
    (210, 400),
    (208, 330),
]
_PELVIS_R: list[Point] = [(212, 418), (234, 410), (258, 438), (262, 470), (240, 478), (216, 456)]
_THIGH_R: list[Point] = [(222, 540), (248, 532), (262, 570), (258, 640), (238, 660), (222, 630)]


def _shapes() -> list[Shape]:
    """All parts, in drawing order (back to front)."""
    lung_l = _mirror(_LUNG_R)
    return [
        # behind everything: bones and linings
        Shape("spine", "tube", "M280,122 L280,440", (280, 380), "right", 12, base=BONE),
        _area("pelvis_bone_r", _PELVIS_R, "left", base=BONE),
        _area("pelvis_bone_l", _mirror(_PELVIS_R), "right", base=BONE),
        _area("muscle_r", _THIGH_R, "left"),
        _area("muscle_l", _mirror(_THIGH_R), "right"),
        _tube("femur_r", [(236, 528), (238, 600), (240, 690)], 9, "left", base=BONE),
        _tube("femur_l", _mirror([(236, 528), (238, 600), (240, 690)]), 9, "right", base=BONE),
        _tube("humerus_r", [(199, 160), (192, 230), (186, 300)], 8, "left", base=BONE),
        _tube("humerus_l", _mirror([(199, 160), (192, 230), (186, 300)]), 8, "right", base=BONE),
        _area("peritoneum", _PERITONEUM, "left", lining=True),
        _area("pleura_r", _scale(_LUNG_R, 1.1), "left", lining=True),
        _area("pleura_l", _scale(lung_l, 1.1), "right", lining=True),
        _area("pericardium", _scale(_HEART, 1.22), "right", lining=True),
        # head and neck
        _area("brain", _ellipse_points(280, 46, 27, 20), "left"),
        _tube("throat", [(280, 84), (280, 100), (280, 118)], 9, "right"),
        _area("mouth", _ellipse_points(280, 80, 9, 3.5, 8), "left", optional=True),
        _area("skin_face", _ellipse_points(297, 62, 6, 5, 8), "right", optional=True),
        _area(
            "thyroid",
            [(266, 114), (274, 108), (280, 112), (286, 108), (294, 114), (287, 120), (273, 120)],
            "right",
        ),
        # chest
        _area("lung_r", _LUNG_R, "left"),
        _area("lung_l", lung_l, "right"),
        _area("heart", _HEART, "right"),
        _tube("oesophagus", [(280, 122), (281, 190), (284, 262)], 6, "right"),
        _area("breast_r", _ellipse_points(240, 214, 19, 15), "left", base="none", optional=True),
        _area("breast_l", _ellipse_points(320, 214, 19, 15), "right", base="none", optional=True),
        Shape(
            "diaphragm",
            "line",
            "M212,266 Q246,238 280,258 Q314,238 348,266",
            (246, 252),
            "left",
        ),
        # belly
        _area("liver", _LIVER, "left"),
        _area("stomach", _STOMACH, "right"),
        _area("spleen", _SPLEEN, "right"),
        _area("adrenal_r", _ADRENAL_R, "left"),
        _area("adrenal_l", _mirror(_ADRENAL_R), "right"),
        _area("pancreas", _PANCREAS, "right"),
        _area("kidney_r", _ellipse_points(240, 358, 12, 20), "left"),
        _area("kidney_l", _ellipse_points(320, 358, 12, 20), "right"),
        _tube(
            "colon",
            [(226, 432), (224, 400), (236, 386), (280, 388), (324, 386), (336, 400), (334, 428)],
            11,
            "left",
        ),
        _tube("rectum", [(334, 428), (322, 442), (314, 466), (312, 490)], 10, "right"),
        # pelvis
        _area("ovary_r", _ellipse_points(244, 448, 9, 6), "left", optional=True),
        _area("ovary_l", _ellipse_points(300, 448, 9, 6), "right", optional=True),
        _area(
            "uterus",
            [(256, 442), (272, 436), (288, 442), (284, 462), (272, 468), (260, 462)],
            "left",
            optional=True,
        ),
        _area("cervix", _ellipse_points(272, 474, 7, 6, 8), "right", optional=True),
        _area("bladder", _ellipse_points(270, 494, 18, 11), "left"),
        _tube("vagina", [(272, 480), (272, 500), (272, 518)], 7, "right", optional=True),
        _area("prostate", _ellipse_points(270, 512, 9, 6, 8), "right", optional=True),
        # lymph node groups
        _nodes("nodes_neck", [(263, 92), (297, 92), (266, 106), (294, 106)], "right"),
        _nodes("nodes_axilla", [(218, 194), (224, 206), (342, 194), (336, 206)], "left"),
        _nodes("nodes_chest", [(270, 154), (290, 154), (280, 168)], "right"),
        _nodes("nodes_abdomen", [(270, 346), (290, 346), (270, 364), (290, 364)], "right"),
        _nodes("nodes_pelvis", [(250, 426), (262, 432), (296, 432), (306, 424)], "left"),
        _nodes("nodes_groin", [(236, 524), (248, 530), (324, 524), (312, 530)], "left"),
        # skin spots (shown for skin cancers and spread to the skin)
        _area("skin_spot_chest", _ellipse_points(318, 132, 6, 5, 8), "right", optional=True),
        _area("skin_spot_arm", _ellipse_points(177, 360, 5, 6, 8), "left", optional=True),
        _area("skin_spot_leg", _ellipse_points(246, 676, 6, 7, 8), "left", optional=True),
        _area("skin_spot_back", _ellipse_points(352, 300, 5, 6, 8), "right", optional=True),
    ]


SHAPES: dict[str, Shape] = {s.key: s for s in _shapes()}
NODE_GROUPS = tuple(k for k, s in SHAPES.items() if s.kind == "nodes")
FEMALE_SHAPES = ("ovary_r", "ovary_l", "uterus", "cervix", "vagina", "breast_r", "breast_l")
SKIN_SPOTS = ("skin_spot_chest", "skin_spot_arm", "skin_spot_leg", "skin_spot_back")

#: Which shapes stand for each site (site_std). Lymph nodes depend on the entry.
SITE_SHAPES: dict[str, tuple[str, ...]] = {
    "lung": ("lung_r", "lung_l"),
    "pleura": ("pleura_r", "pleura_l"),
    "liver": ("liver",),
    "bone": (
        "spine",
        "pelvis_bone_r",
        "pelvis_bone_l",
        "femur_r",
        "femur_l",
        "humerus_r",
        "humerus_l",
    ),
    "brain": ("brain",),
    "adrenal": ("adrenal_r", "adrenal_l"),
    "kidney": ("kidney_r", "kidney_l"),
    "peritoneum": ("peritoneum",),
    "omentum": ("peritoneum",),
    "skin": SKIN_SPOTS,
    "skeletal_muscle": ("muscle_r", "muscle_l"),
    "thyroid": ("thyroid",),
    "ovary": ("ovary_r", "ovary_l"),
    "uterus": ("uterus",),
    "vagina": ("vagina",),
    "heart": ("heart",),
    "pericardium": ("pericardium",),
    "diaphragm": ("diaphragm",),
    "spleen": ("spleen",),
    "pancreas": ("pancreas",),
    "stomach": ("stomach",),
    "large_intestine": ("colon",),
    "bladder": ("bladder",),
    "prostate": ("prostate",),
    "breast": ("breast_r", "breast_l"),
}

#: Names of the shapes that can mark where a cancer started (diagram label).
PRIMARY_NAMES: dict[str, dict[str, str]] = {
    "bladder": {"en": "Bladder", "es": "Vejiga"},
    "breast_r": {"en": "Breast", "es": "Mama"},
    "colon": {"en": "Colon", "es": "Colon"},
    "kidney_r": {"en": "Kidney", "es": "Riñón"},
    "lung_r": {"en": "Lung", "es": "Pulmón"},
    "skin_spot_leg": {"en": "Melanoma (skin)", "es": "Melanoma (piel)"},
    "skin_spot_chest": {"en": "Skin", "es": "Piel"},
    "skin_face": {"en": "Skin of the face", "es": "Piel de la cara"},
    "ovary_r": {"en": "Ovary", "es": "Ovario"},
    "pancreas": {"en": "Pancreas", "es": "Páncreas"},
    "prostate": {"en": "Prostate", "es": "Próstata"},
    "rectum": {"en": "Rectum", "es": "Recto"},
    "stomach": {"en": "Stomach", "es": "Estómago"},
    "thyroid": {"en": "Thyroid", "es": "Tiroides"},
    "uterus": {"en": "Uterus", "es": "Útero"},
    "cervix": {"en": "Cervix", "es": "Cuello uterino"},
    "oesophagus": {"en": "Oesophagus", "es": "Esófago"},
    "mouth": {"en": "Mouth", "es": "Boca"},
    "throat": {"en": "Throat", "es": "Garganta"},
    "liver": {"en": "Liver", "es": "Hígado"},
}

_TEXT: dict[str, dict[str, str]] = {
    "started": {"en": "Where it started", "es": "Dónde empezó"},
    "spreads": {"en": "Common places of spread", "es": "Lugares frecuentes de diseminación"},
    "desc_body": {
        "en": "Simple drawing of the front of a human body with its main organs.",
        "es": (
            "Dibujo sencillo de la parte delantera del cuerpo humano con sus órganos principales."
        ),
    },
    "desc_started": {
        "en": "Where the cancer started, drawn solid with a star: {name}.",
        "es": "Dónde empezó el cáncer, dibujado en color liso con una estrella: {name}.",
    },
    "desc_unknown": {
        "en": "The place where the cancer started is not known, so none is marked.",
        "es": "No se sabe dónde empezó el cáncer, así que no se marca ningún lugar de origen.",
    },
    "desc_spread": {
        "en": "Places where it commonly spreads, drawn with stripes and a thick outline: {sites}.",
        "es": (
            "Lugares adonde se disemina con frecuencia, dibujados con rayas y un contorno "
            "grueso: {sites}."
        ),
    },
}


def shapes_for_site(site: str, entry: Entry) -> list[str]:
    """The diagram shapes marked for ``site`` on ``entry``'s page (not its primary)."""
    if site == "lymph_node_regional":
        # no known basin (cancer of unknown primary): any group may be the nearby one
        keys: Sequence[str] = entry.regional_nodes or NODE_GROUPS
    elif site == "lymph_node_distant":
        keys = [g for g in NODE_GROUPS if g not in entry.regional_nodes]
    else:
        keys = SITE_SHAPES.get(site, ())
    return [k for k in keys if k not in entry.primary_shapes]


# --------------------------------------------------------------------- rendering


@dataclass
class _Label:
    lines: list[str]
    anchor: Point
    side: str
    primary: bool = False
    y: float = 0.0

    @property
    def height(self) -> float:
        return 16.0 * len(self.lines)


@dataclass
class _Canvas:
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)


def _wrap(text: str, width: int = 20) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _paint(shape: Shape, state: str, hatch: str) -> str:
    """SVG for one shape in state 'plain', 'site' or 'primary'."""
    if shape.kind == "nodes":
        if state == "site":
            attrs = f'fill="url(#{hatch})" stroke="{OUTLINE}" stroke-width="2.2"'
            r = 6.5
        else:
            attrs = f'fill="{ORGAN}" stroke="{GREY}" stroke-width="1"'
            r = 4.0
        return "".join(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {attrs}/>' for x, y in shape.circles
        )
    if shape.kind == "line":
        if state == "site":
            return (
                f'<path d="{shape.d}" fill="none" stroke="{OUTLINE}" stroke-width="7" '
                f'stroke-dasharray="9 4"/>'
            )
        return f'<path d="{shape.d}" fill="none" stroke="{LINING}" stroke-width="3"/>'
    if shape.kind == "tube":
        w = shape.width
        if state == "site":
            outer, inner = (OUTLINE, w + 5), f"url(#{hatch})"
        elif state == "primary":
            outer, inner = (INK, w + 3), PRIMARY
        else:
            outer, inner = (GREY, w + 2), shape.base
        return (
            f'<path d="{shape.d}" fill="none" stroke="{outer[0]}" stroke-width="{outer[1]}" '
            f'stroke-linecap="round"/>'
            f'<path d="{shape.d}" fill="none" stroke="{inner}" stroke-width="{w}" '
            f'stroke-linecap="round"/>'
        )
    if state == "site":
        return f'<path d="{shape.d}" fill="url(#{hatch})" stroke="{OUTLINE}" stroke-width="2.5"/>'
    if state == "primary":
        return f'<path d="{shape.d}" fill="{PRIMARY}" stroke="{INK}" stroke-width="2"/>'
    if shape.lining:
        return (
            f'<path d="{shape.d}" fill="none" stroke="{LINING}" stroke-width="1" '
            f'stroke-dasharray="3 3"/>'
        )
    return f'<path d="{shape.d}" fill="{shape.base}" stroke="{GREY}" stroke-width="1.2"/>'


def _star(x: float, y: float, r: float = 7.0) -> str:
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.45
        a = -math.pi / 2 + k * math.pi / 5
        pts.append(f"{x + rad * math.cos(a):.1f},{y + rad * math.sin(a):.1f}")
    return f'<polygon points="{" ".join(pts)}" fill="#ffffff" stroke="{INK}" stroke-width="1.3"/>'


def _place(labels: list[_Label], top: float, bottom: float) -> None:
    """Stack each column's labels near their anchors without overlaps."""
    for side in ("left", "right"):
        column = sorted((lab for lab in labels if lab.side == side), key=lambda lab: lab.anchor[1])
        y = top
        for lab in column:
            lab.y = max(lab.anchor[1] - lab.height / 2 + 5, y)
            y = lab.y + lab.height + 8
        overflow = y - 8 - bottom
        if overflow > 0:  # push the column back up from the bottom
            floor = bottom
            for lab in reversed(column):
                lab.y = min(lab.y, floor - lab.height)
                floor = lab.y - 8


def render(
    *,
    title: str,
    desc: str,
    primary: Sequence[str],
    primary_label: str,
    sites: Sequence[tuple[str, Sequence[str]]],
    show: Sequence[str] = (),
    lang: str = "en",
    prefix: str = "atlas-diagram",
) -> str:
    """The SVG markup.

    ``primary``: shapes marked as the place where the cancer started; ``sites``: pairs
    (label, shapes) of places of spread; ``show``: optional shapes to draw unmarked.
    """
    hatch = f"{prefix}-hatch"
    state: dict[str, str] = {}
    for _label, keys in sites:
        for k in keys:
            state[k] = "site"
    for k in primary:
        state[k] = "primary"
    canvas = _Canvas()
    canvas.add(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="atlas-diagram" '
        f'focusable="false">'
    )
    canvas.add(f'<title id="{prefix}-title">{escape(title)}</title>')
    canvas.add(f'<desc id="{prefix}-desc">{escape(desc)}</desc>')
    canvas.add(
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{STRIPE_BG}"/>'
        f'<rect width="2.4" height="6" fill="{STRIPE}"/></pattern></defs>'
    )
    canvas.add(f'<path d="{_smooth(_BODY)}" fill="{SKIN}" stroke="{GREY}" stroke-width="1.5"/>')
    canvas.add(
        f'<circle cx="{CENTRE}" cy="56" r="38" fill="{SKIN}" stroke="{GREY}" stroke-width="1.5"/>'
    )
    # the neck over the head/body seam
    canvas.add(f'<rect x="266" y="88" width="28" height="30" fill="{SKIN}"/>')
    canvas.add(f'<path d="M266,92 L266,118 M294,92 L294,118" stroke="{GREY}" stroke-width="1.5"/>')
    visible = set(show) | set(state)
    for shape in SHAPES.values():
        if shape.optional and shape.key not in visible:
            continue
        canvas.add(_paint(shape, state.get(shape.key, "plain"), hatch))

    labels: list[_Label] = []
    for key in primary:
        shape = SHAPES[key]
        canvas.add(_star(*shape.anchor))
    if primary:
        shape = SHAPES[primary[0]]
        labels.append(
            _Label(
                [f"{_TEXT['started'][lang]}:", *_wrap(primary_label)],
                shape.anchor,
                shape.side,
                True,
            )
        )
    for label, keys in sites:
        if not keys:
            continue
        shape = SHAPES[keys[0]]
        anchor = shape.circles[0] if shape.kind == "nodes" else shape.anchor
        labels.append(_Label(_wrap(label), anchor, shape.side))
    _place(labels, 16, BODY_HEIGHT - 10)
    for lab in labels:
        x_text = 150 if lab.side == "left" else WIDTH - 150
        anchor_attr = "end" if lab.side == "left" else "start"
        x_line = x_text + (4 if lab.side == "left" else -4)
        y_mid = lab.y + lab.height / 2 - 4
        ax, ay = lab.anchor
        canvas.add(
            f'<path d="M{x_line:.1f},{y_mid:.1f} L{ax:.1f},{ay:.1f}" stroke="{INK}" '
            f'stroke-width="1" fill="none"/>'
            f'<circle cx="{ax:.1f}" cy="{ay:.1f}" r="2" fill="{INK}"/>'
        )
        weight = ' font-weight="700"' if lab.primary else ""
        tspans = "".join(
            f'<tspan x="{x_text}" y="{lab.y + 12 + 16 * i:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(lab.lines)
        )
        canvas.add(
            f'<text font-size="14" fill="{INK}" text-anchor="{anchor_attr}"{weight}>{tspans}</text>'
        )

    # legend
    y0 = BODY_HEIGHT + 8
    canvas.add(
        f'<rect x="24" y="{y0}" width="{WIDTH - 48}" height="{LEGEND_HEIGHT - 16}" rx="6" '
        f'fill="#ffffff" stroke="{GREY}" stroke-width="1"/>'
    )
    canvas.add(
        f'<rect x="40" y="{y0 + 14}" width="22" height="20" fill="{PRIMARY}" stroke="{INK}" '
        f'stroke-width="2"/>{_star(51, y0 + 24, 6)}'
        f'<text x="70" y="{y0 + 29}" font-size="14" fill="{INK}">'
        f"{escape(_TEXT['started'][lang])}</text>"
    )
    canvas.add(
        f'<rect x="236" y="{y0 + 14}" width="22" height="20" fill="url(#{hatch})" '
        f'stroke="{OUTLINE}" stroke-width="2.5"/>'
        f'<text x="266" y="{y0 + 29}" font-size="14" fill="{INK}">'
        f"{escape(_TEXT['spreads'][lang])}</text>"
    )
    canvas.add("</svg>")
    return "".join(canvas.parts)


def describe(entry: Entry, lang: str, atlas: Atlas | None = None) -> tuple[str, str]:
    """The diagram's title and description in ``lang``."""
    from helpline.spread.atlas import join_list, text_for

    atlas = atlas or load_atlas()
    title = text_for("sites_title", entry, lang)
    parts = [_TEXT["desc_body"][lang]]
    if entry.primary_shapes:
        name = PRIMARY_NAMES.get(entry.primary_shapes[0], entry.name)
        parts.append(_TEXT["desc_started"][lang].format(name=tr(name, lang).lower()))
    else:
        parts.append(_TEXT["desc_unknown"][lang])
    names = [tr(atlas.site_names[s.site].label, lang) for s in entry.sites]
    parts.append(_TEXT["desc_spread"][lang].format(sites=join_list(names, lang).lower()))
    return title, " ".join(parts)


def entry_svg(entry: Entry, lang: str, atlas: Atlas | None = None) -> str:
    """The diagram for one atlas entry, labelled in ``lang`` ("en" or "es")."""
    atlas = atlas or load_atlas()
    lang = lang if lang in ("en", "es") else "en"
    title, desc = describe(entry, lang, atlas)
    sites = [
        (tr(atlas.site_names[s.site].short, lang), shapes_for_site(s.site, entry))
        for s in entry.sites
    ]
    show: list[str] = []
    if entry.sex == "female" or any(k in FEMALE_SHAPES for _l, ks in sites for k in ks):
        show += ["uterus", "cervix", "ovary_r", "ovary_l", "vagina"]
    if entry.sex == "male":
        show.append("prostate")
    if any(k.startswith("breast") for k in entry.primary_shapes):
        show += ["breast_r", "breast_l"]
    if entry.primary_shapes and entry.primary_shapes[0] in ("mouth", "throat"):
        show.append("mouth")
    primary_label = (
        tr(PRIMARY_NAMES.get(entry.primary_shapes[0], entry.name), lang)
        if entry.primary_shapes
        else ""
    )
    return render(
        title=title,
        desc=desc,
        primary=entry.primary_shapes,
        primary_label=primary_label,
        sites=sites,
        show=show,
        lang=lang,
    )
