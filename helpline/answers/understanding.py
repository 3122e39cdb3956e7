"""Question understanding: which cancer a question is about, and what it asks.

Both are rule based and bilingual (English and Spanish, accent-insensitive),
with the lay names visitors use ("voice box", "womb", "back passage",
"blood cancer", "pecho", "matriz", ...).

* :func:`detect_cancers` returns cancer ids from :data:`CANCERS`, most
  specific first. Organ words ("breast", "pulmón") only count next to a
  cancer word ("breast cancer", "cáncer de pulmón"), so "has my breast cancer
  spread to the lungs?" is about breast cancer, not lung cancer. Distinctive
  names ("melanoma", "leucemia", "cholangiocarcinoma") count anywhere.
* :func:`detect_qtype` returns a question type (the MedQuAD qtypes of
  :mod:`helpline.answers.qtypes` plus ``"spread"``): the cue that appears
  first in the question wins; "what is X" is the fallback ``"information"``.
* :func:`classify_heading` applies the same cues to a section heading.
* :func:`cancer_affinity` scores how well an article title's cancers answer a
  question's cancer (exact, broader or narrower).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from helpline.answers.text import fold

# Words that make an organ word mean a cancer ("lung" + "cancer").
_CANCER_WORDS: Final[str] = (
    r"cancers?|canceres|cancerous|cancerosos?|cancerosas?|carcinomas?|adenocarcinomas?|"
    r"tumou?rs?|tumores|neoplasms?|neoplasias?|malignanc(?:y|ies)|malignant|malignos?|"
    r"malignas?|sarcomas?|melanomas?|lymphomas?|linfomas?|blastomas?|neoplasia"
)
# Words allowed between a cancer word and a following organ word
# ("cancer of the breast", "cáncer de la mama", "tumor en el cerebro").
_LINK_WORDS: Final[str] = (
    r"of|in|on|de|del|en|la|el|los|las|the|my|her|his|their|its|mi|su|sus|a|an|"
    r"primary|primario|primaria"
)


@dataclass(frozen=True)
class CancerType:
    """A cancer the helpline recognises."""

    id: str
    en: str  # canonical English name, used for query expansion
    es: str  # canonical Spanish name
    names: tuple[str, ...] = ()  # regexes (folded text) that mean this cancer anywhere
    organs: tuple[str, ...] = ()  # English organ regexes: mean this cancer next to a cancer word
    es_organs: tuple[str, ...] = ()  # Spanish organ regexes: only after a cancer word
    parents: tuple[str, ...] = ()  # broader cancer ids
    children: tuple[str, ...] = field(default=(), compare=False)


_CANCER_LIST: Final[tuple[CancerType, ...]] = (
    CancerType(
        "breast",
        "breast cancer",
        "cáncer de mama",
        names=(r"ductal carcinoma in situ", r"dcis", r"lobular carcinoma"),
        organs=(r"breasts?",),
        es_organs=(r"mamas?", r"mamari[oa]s?", r"senos?(?! paranasal)", r"pechos?"),
    ),
    CancerType(
        "prostate",
        "prostate cancer",
        "cáncer de próstata",
        organs=(r"prostate", r"prostatic"),
        es_organs=(r"prostata", r"prostatic[oa]"),
    ),
    CancerType(
        "lung",
        "lung cancer",
        "cáncer de pulmón",
        organs=(r"lungs?", r"bronch(?:us|ial|i)"),
        es_organs=(r"pulmon(?:es)?", r"pulmonar(?:es)?"),
    ),
    CancerType(
        "non_small_cell_lung",
        "non-small cell lung cancer",
        "cáncer de pulmón de células no pequeñas",
        names=(
            r"nsclc",
            r"non ?small cell(?: lung)?",
            r"(?:celulas )?no pequenas",
            r"no microcitico",
        ),
        parents=("lung",),
    ),
    CancerType(
        "small_cell_lung",
        "small cell lung cancer",
        "cáncer de pulmón de células pequeñas",
        names=(
            r"sclc",
            r"(?<!non )(?<!non)small cell lung",
            r"(?<!no )celulas pequenas",
            r"(?<!no )microcitico",
        ),
        parents=("lung",),
    ),
    CancerType(
        "colorectal",
        "colorectal cancer (colon or rectal cancer, bowel cancer)",
        "cáncer colorrectal (de colon o de recto)",
        names=(r"colorectal", r"colorrectal(?:es)?", r"bowel cancer", r"back passage"),
        organs=(r"colon", r"rect(?:um|al|o)", r"bowels?", r"large intestine", r"colonic"),
        es_organs=(r"intestino grueso",),
    ),
    CancerType(
        "anal",
        "anal cancer",
        "cáncer de ano",
        organs=(r"anal", r"anus"),
        es_organs=(r"ano", r"anal(?:es)?"),
    ),
    CancerType(
        "stomach",
        "stomach (gastric) cancer",
        "cáncer de estómago (gástrico)",
        organs=(r"stomach", r"gastric"),
        es_organs=(r"estomago", r"gastric[oa]"),
    ),
    CancerType(
        "esophageal",
        "esophageal cancer",
        "cáncer de esófago",
        organs=(r"esophag(?:us|eal)", r"oesophag(?:us|eal)", r"gullet", r"food pipe"),
        es_organs=(r"esofag(?:o|ic[oa])",),
    ),
    CancerType(
        "pancreatic",
        "pancreatic cancer",
        "cáncer de páncreas",
        names=(r"islet cell tumou?rs?",),
        organs=(r"pancreas", r"pancreatic"),
        es_organs=(r"pancreatic[oa]",),
    ),
    CancerType(
        "liver",
        "liver cancer (hepatocellular carcinoma)",
        "cáncer de hígado (hepatocelular)",
        names=(r"hepatocellular", r"hepatocelular", r"hcc", r"hepatoma", r"hepatoblastoma"),
        organs=(r"liver", r"hepatic"),
        es_organs=(r"higado", r"hepatic[oa]"),
    ),
    CancerType(
        "bile_duct",
        "bile duct cancer (cholangiocarcinoma)",
        "cáncer de las vías biliares (colangiocarcinoma)",
        names=(r"cholangiocarcinomas?", r"colangiocarcinomas?"),
        organs=(r"bile ducts?",),
        es_organs=(r"vias biliares", r"conductos? biliares?"),
    ),
    CancerType(
        "gallbladder",
        "gallbladder cancer",
        "cáncer de vesícula biliar",
        organs=(r"gall ?bladder",),
        es_organs=(r"vesicula(?: biliar)?",),
    ),
    CancerType(
        "kidney",
        "kidney (renal cell) cancer",
        "cáncer de riñón (renal)",
        names=(r"wilms", r"nephroblastoma", r"nefroblastoma", r"renal cell"),
        organs=(r"kidneys?", r"renal"),
        es_organs=(r"rinon(?:es)?", r"renal(?:es)?"),
    ),
    CancerType(
        "bladder",
        "bladder cancer",
        "cáncer de vejiga",
        names=(r"urothelial", r"urotelial"),
        organs=(r"(?<!gall )bladder",),
        es_organs=(r"vejiga",),
    ),
    CancerType(
        "urethral",
        "urethral cancer",
        "cáncer de uretra",
        organs=(r"urethral?", r"ureters?"),
        es_organs=(r"uretra(?:l)?", r"ureter(?:es)?"),
    ),
    CancerType(
        "testicular",
        "testicular cancer",
        "cáncer de testículo",
        names=(r"seminomas?",),
        organs=(r"testic(?:le|les|ular)", r"test[ie]s"),
        es_organs=(r"testicul(?:o|os|ar|ares)",),
    ),
    CancerType(
        "penile",
        "penile cancer",
        "cáncer de pene",
        organs=(r"penis", r"penile"),
        es_organs=(r"pene",),
    ),
    CancerType(
        "ovarian",
        "ovarian cancer",
        "cáncer de ovario",
        organs=(r"ovar(?:y|ies|ian)", r"fallopian tubes?", r"peritoneal"),
        es_organs=(r"ovarios?", r"ovaric[oa]s?", r"trompas? de falopio"),
    ),
    CancerType(
        "cervical",
        "cervical cancer",
        "cáncer de cuello uterino",
        names=(r"cervical cancer", r"cervicouterino", r"cancer de cervix"),
        organs=(r"cervix",),
        es_organs=(r"cuello (?:del )?(?:utero|uterino)",),
    ),
    CancerType(
        "uterine",
        "uterine (endometrial) cancer",
        "cáncer de útero (endometrio)",
        names=(r"uterine sarcoma", r"sarcoma uterino"),
        organs=(r"uterus", r"uterine", r"wombs?", r"endometri(?:um|al|o)"),
        es_organs=(r"utero", r"uterin[oa]", r"matriz"),
    ),
    CancerType("vaginal", "vaginal cancer", "cáncer de vagina", organs=(r"vagina", r"vaginal")),
    CancerType("vulvar", "vulvar cancer", "cáncer de vulva", organs=(r"vulva", r"vulvar")),
    CancerType(
        "gestational_trophoblastic",
        "gestational trophoblastic disease",
        "enfermedad trofoblástica gestacional",
        names=(
            r"gestational trophoblastic",
            r"trofoblastica",
            r"molar pregnanc(?:y|ies)",
            r"hydatidiform mole",
            r"mola hidatiforme",
            r"choriocarcinoma",
            r"coriocarcinoma",
        ),
    ),
    CancerType(
        "thyroid",
        "thyroid cancer",
        "cáncer de tiroides",
        organs=(r"thyroid",),
        es_organs=(r"tiroides", r"tiroide[oa]"),
    ),
    CancerType(
        "parathyroid",
        "parathyroid cancer",
        "cáncer de paratiroides",
        organs=(r"parathyroid",),
        es_organs=(r"paratiroides",),
    ),
    CancerType(
        "adrenal",
        "adrenal gland cancer",
        "cáncer de las glándulas suprarrenales",
        names=(r"adrenocortical", r"pheochromocytomas?", r"paragangliomas?", r"feocromocitoma"),
        organs=(r"adrenal",),
        es_organs=(r"suprarrenal(?:es)?",),
    ),
    CancerType(
        "pituitary",
        "pituitary tumors",
        "tumores de hipófisis",
        organs=(r"pituitary",),
        es_organs=(r"hipofisis", r"hipofisari[oa]s?"),
    ),
    CancerType(
        "neuroendocrine",
        "neuroendocrine and carcinoid tumors",
        "tumores neuroendocrinos y carcinoides",
        names=(r"carcinoids?", r"carcinoides?", r"neuroendocrine", r"neuroendocrin[oa]s?"),
    ),
    CancerType(
        "thymus",
        "thymoma and thymic carcinoma",
        "timoma y carcinoma tímico",
        names=(r"thymomas?", r"timomas?", r"thymic carcinoma"),
        organs=(r"thymus", r"thymic"),
        es_organs=(r"timo", r"timic[oa]"),
    ),
    CancerType(
        "mesothelioma",
        "mesothelioma",
        "mesotelioma",
        names=(r"mesotheliomas?", r"mesoteliomas?"),
    ),
    CancerType(
        "head_neck",
        "head and neck cancer",
        "cáncer de cabeza y cuello",
        names=(r"head and neck", r"cabeza y cuello", r"throat cancer", r"cancer de garganta"),
        organs=(r"throat", r"neck"),
        es_organs=(r"garganta",),
    ),
    CancerType(
        "laryngeal",
        "laryngeal cancer (cancer of the larynx, the voice box)",
        "cáncer de laringe",
        names=(r"voice ?box", r"caja de la voz", r"vocal cords?", r"cuerdas vocales"),
        organs=(r"larynx", r"laryngeal"),
        es_organs=(r"laringe", r"laringeo"),
        parents=("head_neck",),
    ),
    CancerType(
        "hypopharyngeal",
        "hypopharyngeal cancer",
        "cáncer de hipofaringe",
        organs=(r"hypopharyn(?:x|geal)",),
        es_organs=(r"hipofaringe",),
        parents=("head_neck",),
    ),
    CancerType(
        "oropharyngeal",
        "oropharyngeal cancer",
        "cáncer de orofaringe",
        organs=(r"oropharyn(?:x|geal)", r"tonsils?"),
        es_organs=(r"orofaringe", r"amigdalas?"),
        parents=("head_neck",),
    ),
    CancerType(
        "nasopharyngeal",
        "nasopharyngeal cancer",
        "cáncer de nasofaringe",
        organs=(r"nasopharyn(?:x|geal)",),
        es_organs=(r"nasofaringe",),
        parents=("head_neck",),
    ),
    CancerType(
        "oral",
        "oral cavity (mouth) and lip cancer",
        "cáncer de boca (cavidad oral) y labio",
        names=(r"mouth cancer", r"oral cancer", r"cancer de boca", r"cancer oral"),
        organs=(r"mouth", r"oral cavity", r"oral", r"lips?", r"tongue", r"gums?"),
        es_organs=(r"boca", r"labios?", r"lengua", r"cavidad (?:oral|bucal)", r"bucal"),
        parents=("head_neck",),
    ),
    CancerType(
        "salivary",
        "salivary gland cancer",
        "cáncer de glándulas salivales",
        organs=(r"salivary(?: glands?)?", r"parotid"),
        es_organs=(r"glandulas? salival(?:es)?", r"parotida"),
        parents=("head_neck",),
    ),
    CancerType(
        "sinus",
        "paranasal sinus and nasal cavity cancer",
        "cáncer de senos paranasales y cavidad nasal",
        names=(r"paranasal", r"nasal cavity", r"cavidad nasal"),
        organs=(r"sinus(?:es)?", r"nose", r"nasal"),
        es_organs=(r"nariz",),
        parents=("head_neck",),
    ),
    CancerType(
        "brain",
        "brain and spinal cord tumors",
        "tumores de cerebro y médula espinal",
        names=(
            r"gliomas?",
            r"glioblastomas?",
            r"astrocytomas?",
            r"astrocitomas?",
            r"ependymomas?",
            r"ependimomas?",
            r"medulloblastomas?",
            r"meduloblastomas?",
            r"craniopharyngiomas?",
            r"craneofaringiomas?",
            r"oligodendrogliomas?",
            r"meningiomas?",
            r"brain tumou?rs?",
        ),
        organs=(r"brain", r"brain stem", r"spinal cord", r"central nervous system", r"cns"),
        es_organs=(
            r"cerebral(?:es)?",
            r"cerebro",
            r"medula espinal",
            r"sistema nervioso central",
            r"snc",
        ),
    ),
    CancerType(
        "eye",
        "eye cancer (intraocular melanoma, retinoblastoma)",
        "cáncer de ojo (melanoma intraocular, retinoblastoma)",
        names=(r"retinoblastomas?", r"uveal", r"intraocular"),
        organs=(r"eyes?",),
        es_organs=(r"ojos?", r"ocular(?:es)?"),
    ),
    CancerType(
        "skin",
        "skin cancer",
        "cáncer de piel",
        names=(
            r"basal cell carcinoma",
            r"squamous cell carcinoma of the skin",
            r"non ?melanoma",
            r"basocelular",
            r"espinocelular",
            r"skin cancer",
        ),
        organs=(r"skin", r"cutaneous"),
        es_organs=(r"piel", r"cutane[oa]s?"),
    ),
    CancerType(
        "melanoma",
        "melanoma",
        "melanoma",
        names=(r"(?<!non )(?<!non)melanomas?",),
        parents=("skin",),
    ),
    CancerType(
        "merkel",
        "Merkel cell carcinoma",
        "carcinoma de células de Merkel",
        names=(r"merkels?",),
        parents=("skin",),
    ),
    CancerType(
        "kaposi",
        "Kaposi sarcoma",
        "sarcoma de Kaposi",
        names=(r"kaposis?",),
    ),
    CancerType(
        "blood",
        "blood cancer (leukemia, lymphoma, myeloma)",
        "cáncer de la sangre (leucemia, linfoma, mieloma)",
        names=(
            r"blood cancers?",
            r"cancers? (?:of|in) the blood",
            r"cancer (?:de|en) la sangre",
            r"hematologic(?:al)? (?:cancers?|malignanc(?:y|ies))",
            r"cancer(?:es)? hematologic[oa]s?",
        ),
        organs=(r"blood",),
        es_organs=(r"sangre",),
    ),
    CancerType(
        "leukemia",
        "leukemia",
        "leucemia",
        names=(
            r"leuka?emias?",
            r"leucemias?",
            r"myelomonocytic",
            r"mielomonocitica",
        ),
        parents=("blood",),
    ),
    CancerType(
        "acute_lymphoblastic_leukemia",
        "acute lymphoblastic leukemia (ALL)",
        "leucemia linfoblástica aguda (LLA)",
        names=(r"acute lymphoblastic", r"acute lymphocytic", r"linf[oa]\w* aguda", r"lla"),
        parents=("leukemia",),
    ),
    CancerType(
        "acute_myeloid_leukemia",
        "acute myeloid leukemia (AML)",
        "leucemia mieloide aguda (LMA)",
        names=(r"acute myel\w*", r"aml", r"miel\w* aguda", r"lma"),
        parents=("leukemia",),
    ),
    CancerType(
        "chronic_lymphocytic_leukemia",
        "chronic lymphocytic leukemia (CLL)",
        "leucemia linfocítica crónica (LLC)",
        names=(r"chronic lymph\w*(?= leu)", r"cll", r"linf\w* cronica", r"llc"),
        parents=("leukemia",),
    ),
    CancerType(
        "chronic_myelogenous_leukemia",
        "chronic myelogenous leukemia (CML)",
        "leucemia mieloide crónica (LMC)",
        names=(r"chronic myel(?:oid|ogenous)", r"cml", r"miel\w* cronica", r"lmc"),
        parents=("leukemia",),
    ),
    CancerType(
        "hairy_cell_leukemia",
        "hairy cell leukemia",
        "tricoleucemia (leucemia de células pilosas)",
        names=(r"hairy cell", r"tricoleucemia", r"celulas pilosas"),
        parents=("leukemia",),
    ),
    CancerType(
        "lymphoma",
        "lymphoma (Hodgkin and non-Hodgkin)",
        "linfoma (de Hodgkin y no Hodgkin)",
        names=(
            r"lymphomas?",
            r"linfomas?",
            r"mycosis fungoides",
            r"micosis fungoide",
            r"sezary",
        ),
        parents=("blood",),
    ),
    CancerType(
        "hodgkin_lymphoma",
        "Hodgkin lymphoma",
        "linfoma de Hodgkin",
        names=(r"(?<!non )(?<!no )(?<!non)hodgkins?",),
        parents=("lymphoma",),
    ),
    CancerType(
        "non_hodgkin_lymphoma",
        "non-Hodgkin lymphoma",
        "linfoma no Hodgkin",
        names=(r"non ?hodgkins?", r"no hodgkins?", r"nhl"),
        parents=("lymphoma",),
    ),
    CancerType(
        "myeloma",
        "multiple myeloma and plasma cell neoplasms",
        "mieloma múltiple y neoplasias de células plasmáticas",
        names=(
            r"myelomas?",
            r"mielomas?",
            r"plasma cell neoplasms?",
            r"plasmacytomas?",
            r"plasmocitomas?",
            r"celulas plasmaticas",
        ),
        parents=("blood",),
    ),
    CancerType(
        "myeloid_neoplasm",
        "myelodysplastic syndromes and myeloproliferative neoplasms",
        "síndromes mielodisplásicos y neoplasias mieloproliferativas",
        names=(
            r"myelodysplas\w*",
            r"mielodisplas\w*",
            r"myeloproliferative",
            r"mieloproliferativ\w*",
            r"polycythemia vera",
            r"policitemia vera",
            r"thrombocythemia",
            r"trombocitemia",
            r"myelofibrosis",
            r"mielofibrosis",
        ),
        parents=("blood",),
    ),
    CancerType(
        "bone",
        "bone cancer (osteosarcoma, Ewing sarcoma)",
        "cáncer de hueso (osteosarcoma, sarcoma de Ewing)",
        names=(r"osteosarcomas?", r"ewings?", r"chondrosarcomas?", r"condrosarcomas?"),
        organs=(r"bones?",),
        es_organs=(r"huesos?", r"ose[oa]s?"),
    ),
    CancerType(
        "soft_tissue_sarcoma",
        "soft tissue sarcoma",
        "sarcoma de tejidos blandos",
        names=(
            r"soft tissue sarcomas?",
            r"sarcomas? de (?:los )?tejidos? blandos?",
            r"leiomyosarcomas?",
            r"leiomiosarcomas?",
            r"liposarcomas?",
        ),
    ),
    CancerType(
        "rhabdomyosarcoma",
        "rhabdomyosarcoma",
        "rabdomiosarcoma",
        names=(r"rhabdomyosarcomas?", r"rabdomiosarcomas?"),
        parents=("soft_tissue_sarcoma",),
    ),
    CancerType("neuroblastoma", "neuroblastoma", "neuroblastoma", names=(r"neuroblastomas?",)),
    CancerType(
        "small_intestine",
        "small intestine cancer",
        "cáncer de intestino delgado",
        organs=(r"small (?:intestine|bowel)", r"duoden(?:um|al)"),
        es_organs=(r"intestino delgado", r"duodeno"),
    ),
    CancerType(
        "gist",
        "gastrointestinal stromal tumors (GIST)",
        "tumores del estroma gastrointestinal (GIST)",
        names=(r"gastrointestinal stromal", r"estroma gastrointestinal", r"gist"),
    ),
    CancerType(
        "germ_cell",
        "germ cell tumors",
        "tumores de células germinales",
        names=(r"germ cell", r"celulas germinales"),
    ),
    CancerType(
        "unknown_primary",
        "cancer of unknown primary",
        "cáncer de origen primario desconocido",
        names=(
            r"unknown primary",
            r"occult primary",
            r"primario desconocido",
            r"origen desconocido",
        ),
    ),
    CancerType(
        "histiocytosis",
        "Langerhans cell histiocytosis",
        "histiocitosis de células de Langerhans",
        names=(r"histiocytosis", r"histiocitosis", r"langerhans"),
    ),
)


def _with_children(cancers: tuple[CancerType, ...]) -> dict[str, CancerType]:
    by_id = {c.id: c for c in cancers}
    kids: dict[str, list[str]] = {c.id: [] for c in cancers}
    for c in cancers:
        for p in c.parents:
            kids[p].append(c.id)
    return {
        c.id: CancerType(
            c.id, c.en, c.es, c.names, c.organs, c.es_organs, c.parents, tuple(kids[c.id])
        )
        for c in by_id.values()
    }


CANCERS: Final[dict[str, CancerType]] = _with_children(_CANCER_LIST)


def _compile(c: CancerType) -> re.Pattern[str]:
    parts = list(c.names)
    if c.organs:
        organ = "(?:" + "|".join(c.organs) + ")"
        # organ [up to 4 words] cancer-word: "breast cancer", "lip and oral cavity cancer"
        parts.append(rf"{organ}(?: [a-z0-9]+){{0,4}}? (?:{_CANCER_WORDS})")
    if c.organs or c.es_organs:
        organ = "(?:" + "|".join((*c.organs, *c.es_organs)) + ")"
        # cancer-word [link words] organ: "cancer of the breast", "cáncer de mama"
        parts.append(rf"(?:{_CANCER_WORDS})(?: (?:{_LINK_WORDS})){{0,3}} {organ}")
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


_PATTERNS: Final[dict[str, re.Pattern[str]]] = {cid: _compile(c) for cid, c in CANCERS.items()}

# Where cancer goes to, as opposed to where it starts: "spread to the liver",
# "liver metastases", "llega al hígado", "metástasis en los huesos".
_SPREAD_TO_EN: Final[str] = (
    r"(?:(?:spread\w*|gone|go|goes|going|went|travel\w*|move[sd]?|moving|metastasi[sz]\w*"
    r"|get|gets|got|end(?:s|ed)? up|land\w*) (?:in)?to|reach\w*)"
)
_SPREAD_TO_ES: Final[str] = (
    r"(?:(?:se )?(?:disemin|extiend|extendi|extend|propag|metastatiz)\w*|(?:ha |han )?lleg\w*"
    r"|pas\w*|viaj\w*|(?:se )?va|van|se fue|se ha ido|ha ido) (?:[a-z]+ ){0,3}?"
    r"(?:hasta |hacia )?(?:a|al)"
)
_SPREAD_WORDS: Final[str] = r"metastas[ie]s|mets|secondaries|secondary cancers?|spread|diseminacion"
_THE: Final[str] = r"(?:(?:the|my|his|her|their|your|el|la|los|las|mi|mis|su|sus) )?"
# A destination is an organ, not a service named after it ("going to the liver clinic").
_NOT_A_SERVICE: Final[str] = (
    r"(?! (?:clinic|unit|ward|department|team|doctor|specialist|nurse|function|tests?|transplant"
    r"|consulta|unidad|servicio|planta|medico|especialista|enfermer[oa]|trasplante))"
)


def _compile_destination(c: CancerType) -> re.Pattern[str] | None:
    if not (c.organs or c.es_organs):
        return None
    en = "(?:" + "|".join(c.organs) + ")" if c.organs else None
    organ = "(?:" + "|".join((*c.organs, *c.es_organs)) + ")"
    parts = [
        rf"{_SPREAD_TO_ES} {_THE}{organ}",
        rf"(?:{_SPREAD_WORDS}) (?:to|in|into|en|a|al|hacia) {_THE}{organ}",
    ]
    if en:
        parts.append(rf"{_SPREAD_TO_EN} {_THE}{en}")
        parts.append(rf"{en} (?:{_SPREAD_WORDS})")
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b" + _NOT_A_SERVICE)


_CANCERISH: Final = re.compile(rf"\b(?:{_CANCER_WORDS}|cells?|celulas?|metasta\w*|mets)\b")
_DESTINATION_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    cid: pattern for cid, c in CANCERS.items() if (pattern := _compile_destination(c)) is not None
}

_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_APOSTROPHES: Final = re.compile(r"['\u2019`]")


def normalise(text: str) -> str:
    """Folded text with punctuation turned into single spaces (what the patterns match)."""
    return " " + _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", fold(text))).strip() + " "


def ancestors(cancer_id: str) -> set[str]:
    """All broader cancer ids of ``cancer_id`` (not including itself)."""
    out: set[str] = set()
    stack = list(CANCERS[cancer_id].parents)
    while stack:
        cid = stack.pop()
        if cid not in out:
            out.add(cid)
            stack.extend(CANCERS[cid].parents)
    return out


@lru_cache(maxsize=4096)
def cancer_mentions(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, cancer id) of every cancer mention in ``normalise(text)``, in order."""
    norm = normalise(text)
    found: list[tuple[int, int, str]] = []
    for cid, pattern in _PATTERNS.items():
        for m in pattern.finditer(norm):
            found.append((m.start(), m.end(), cid))
    found.sort()
    return tuple(found)


@lru_cache(maxsize=4096)
def detect_cancers(text: str) -> tuple[str, ...]:
    """Cancer ids mentioned in ``text``, in order of first mention.

    A broader id is dropped when a narrower one of it was found too
    ("acute myeloid leukemia, a blood cancer" -> ("acute_myeloid_leukemia",)).
    """
    ids: list[str] = []
    for _, _, cid in cancer_mentions(text):
        if cid not in ids:
            ids.append(cid)
    covered: set[str] = set()
    for cid in ids:
        covered |= ancestors(cid)
    return tuple(cid for cid in ids if cid not in covered)


@lru_cache(maxsize=4096)
def detect_destinations(text: str) -> tuple[str, ...]:
    """Organs (as the ids of the cancers that start there) named as where a cancer goes.

    "How does cancer spread to the liver?" -> ("liver",): a question about
    cancer reaching the liver, which the page on cancer that starts in the liver
    does not answer.
    """
    norm = normalise(text)
    if not _CANCERISH.search(norm):
        return ()
    return tuple(cid for cid, pattern in _DESTINATION_PATTERNS.items() if pattern.search(norm))


def without_cancer_mentions(text: str) -> str:
    """``normalise(text)`` with the words that name a cancer blanked out.

    What is left is what the question asks about that cancer; the cancer
    itself is matched through :func:`cancer_affinity`, lay names included.
    """
    norm = normalise(text)
    chars = list(norm)
    for start, end, _ in cancer_mentions(text):
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars).split())


def cancer_affinity(question_cancer: str | None, title_cancers: tuple[str, ...]) -> float:
    """How well an article about ``title_cancers`` matches a question about ``question_cancer``.

    1.0 same cancer; 0.8 the article is about a narrower kind (question "blood
    cancer", article "Leukemia"); 0.6 the article is about a broader kind
    (question "melanoma", article "Skin cancer"); 0.0 otherwise.
    """
    if question_cancer is None or not title_cancers:
        return 0.0
    best = 0.0
    q_up = ancestors(question_cancer)
    for t in title_cancers:
        if t == question_cancer:
            return 1.0
        if question_cancer in ancestors(t):
            best = max(best, 0.8)
        elif t in q_up:
            best = max(best, 0.6)
    return best


# Question-type cues, matched on normalised (folded) text. The earliest cue in
# the question decides; "information" is only a fallback.
_QTYPE_CUES: Final[dict[str, tuple[str, ...]]] = {
    "spread": (
        r"spread(?:s|ing)?",
        r"metastas[ie]s",
        r"metastasi[sz]\w*",
        r"disemin\w*",
        r"propag\w*",
        r"se (?:ha )?extend\w*",
        r"(?:has|did|will) it (?:move|gone|go)\w*",
        r"where (?:does|do|did|will|can) .{0,40}? go",
        r"secondar(?:y|ies)",
    ),
    "stages": (
        r"stag(?:e|es|ed|ing)",
        r"estadios?",
        r"estadificacion",
        r"etapas?",
        r"fases?",
        r"grad(?:e|es|ing)",
        r"what stage",
    ),
    "symptoms": (
        r"symptoms?",
        r"(?:warning )?signs?(?: and| or| of| that)?",
        r"how (?:do|would|can|will) (?:i|you|someone|we) (?:know|tell)",
        r"feel(?:s|ing)? like",
        r"sintomas?",
        r"signos?",
        r"senales?",
        r"como (?:se|puedo|puede) (?:saber|sabe)",
        r"que se siente",
        r"could (?:it|this|that|these) be",
        r"(?:is|are) (?:it|this|that|these) (?:a )?(?:sign|symptom)s?",
        r"(?:puede|podria) ser",
        r"sera",
        r"hurts?",
        r"painful",
        r"duele",
    ),
    "exams and tests": (
        r"diagnos\w*",
        r"tests?",
        r"testing",
        r"exams?",
        r"examinations?",
        r"screen(?:ing|ed)?",
        r"biops(?:y|ies)",
        r"scans?",
        r"detect\w*",
        r"mammogra\w*",
        r"colonoscop\w*",
        r"check(?:ed|ing)? for",
        r"find out if",
        r"pruebas?",
        r"examen(?:es)?",
        r"analisis",
        r"cribado",
        r"tamizaje",
        r"deteccion",
        r"biopsias?",
    ),
    "treatment": (
        r"treat\w*",
        r"therap(?:y|ies)",
        r"cur(?:e|es|ed|ing)",
        r"chemo\w*",
        r"surger(?:y|ies)",
        r"operat(?:e|ion)",
        r"radiation",
        r"radiotherapy",
        r"immunotherapy",
        r"medication",
        r"drugs?",
        r"options",
        r"manag(?:e|ed|ing)",
        r"tratamientos?",
        r"tratar\w*",
        r"se trata(?! de)",
        r"tratan",
        r"terapias?",
        r"curar\w*",
        r"cura",
        r"quimio\w*",
        r"cirugias?",
        r"radioterapia",
        r"operacion",
        r"medicamentos?",
    ),
    "outlook": (
        r"outlook",
        r"prognos\w*",
        r"surviv\w*",
        r"life expectancy",
        r"how long (?:will|do|does|can|would) .{0,30}?live",
        r"chances?",
        r"curable",
        r"deadly",
        r"fatal",
        r"die",
        r"dying",
        r"pronostico",
        r"supervivencia",
        r"sobrevivi\w*",
        r"esperanza de vida",
        r"cuanto tiempo (?:de vida|vive|vivir)",
        r"mortal",
    ),
    "research": (
        r"research\w*",
        r"clinical trials?",
        r"trials?",
        r"studies",
        r"new (?:treatments?|drugs?|therap(?:y|ies))",
        r"investigaci\w*",
        r"ensayos? clinicos?",
        r"estudios? clinicos?",
        r"nuevos? tratamientos?",
    ),
    "susceptibility": (
        r"at risk",
        r"risk factors?",
        r"risks?",
        r"more likely",
        r"chance of getting",
        r"who (?:gets|can get|is likely)",
        r"riesgos?",
        r"propens\w*",
        r"quien(?:es)? (?:tiene|puede|corre)",
    ),
    "causes": (
        r"caus(?:e|es|ed|ing)",
        r"why do(?:es)? (?:people|someone|i|you|children|kids)? ?get",
        r"what leads to",
        r"reason",
        r"causas?",
        r"causad[oa]",
        r"por que (?:se )?(?:produce|aparece|da)",
    ),
    "prevention": (
        r"prevent\w*",
        r"avoid\w*",
        r"reduce (?:my|the|your) (?:risk|chances?)",
        r"lower (?:my|the|your) (?:risk|chances?)",
        r"protect\w*",
        r"prevenir",
        r"prevencion",
        r"evitar\w*",
    ),
    "inheritance": (
        r"inherit\w*",
        r"hereditar\w*(?= *$)",
        r"(?<=^ )(?:is|are|es|son) (?:it |this |that |esto |eso )?hereditar\w*",
        r"(?:is|es) (?:it|this|that|esto|eso) hereditar\w*",
        r"run(?:s)? in (?:the |my |our )?famil\w*",
        r"pass(?:ed)? (?:on|down)",
        r"herencia",
        r"se hereda",
        r"heredad[oa]",
        r"heredar",
    ),
    "genetic changes": (
        r"genetic changes?",
        r"mutations?",
        r"genes?",
        r"genetic",
        r"brca\d?",
        r"mutacion(?:es)?",
        r"geneti\w*",
    ),
    "frequency": (
        r"how common",
        r"how many (?:people|men|women|children)",
        r"how often",
        r"incidence",
        r"prevalen\w*",
        r"que tan comun",
        r"cuantas personas",
        r"frecuen\w*",
    ),
}

_INFORMATION_CUES: Final[tuple[str, ...]] = (
    r"what (?:is|are|s)",
    r"whats",
    r"tell me (?:about|more)",
    r"information (?:on|about)",
    r"explain",
    r"define",
    r"meaning of",
    r"que (?:es|son)",
    r"informacion (?:sobre|de|acerca)",
    r"hablame",
    r"explica\w*",
    r"significa",
)

_QTYPE_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    q: re.compile(r"\b(?:" + "|".join(cues) + r")\b") for q, cues in _QTYPE_CUES.items()
}
_INFORMATION_PATTERN: Final = re.compile(r"\b(?:" + "|".join(_INFORMATION_CUES) + r")\b")

# When two cues start at the same place, the more specific type wins.
_TIE_ORDER: Final[tuple[str, ...]] = (
    "research",
    "genetic changes",
    "inheritance",
    "frequency",
    "prevention",
    "susceptibility",
    "causes",
    "spread",
    "stages",
    "outlook",
    "symptoms",
    "exams and tests",
    "treatment",
)


def _earliest_qtype(norm: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for qtype, pattern in _QTYPE_PATTERNS.items():
        m = pattern.search(norm)
        if m is None:
            continue
        key = (m.start(), _TIE_ORDER.index(qtype), qtype)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


@lru_cache(maxsize=4096)
def detect_qtype(question: str) -> str | None:
    """The question type of ``question`` or None when no cue is found.

    Visitors often tell their story before they ask ("My son was diagnosed
    with leukaemia last week. What treatments are there?"): the sentences
    that end with a question mark are searched first, and story phrases such
    as "was diagnosed with" are not cues.
    """
    sentences = [s for s in _SENTENCE_RE.findall(question) if s.rstrip().endswith("?")]
    for text in (*sentences, question):
        norm = _STORY_RE.sub(" ", normalise(text))
        found = _earliest_qtype(norm)
        if found is not None:
            return found
    if _INFORMATION_PATTERN.search(normalise(question)):
        return "information"
    return None


# A sentence: up to and including its end mark (¿/¡ open Spanish sentences).
_SENTENCE_RE: Final = re.compile(r"[^.!?¿¡\n]+[.!?\n]*")
# Story phrases that look like question cues but only set the scene.
_STORY_RE: Final = re.compile(
    r"\b(?:(?:was|were|been|being|got|get|gets|just|recently|newly|is|am|are|has|have|had)"
    r" (?:just |recently |newly )?diagnosed(?: with)?"
    r"|(?:me|le|la|lo|les|nos|fue|fui|ha sido|han) (?:han |ha |acaban de )?"
    r"diagnosticad[oa]s?(?: con| de)?"
    r"|(?:me|le|la|lo|les|nos) (?:han |ha )?diagnosticaron(?: con| de| un| una)?"
    r"|(?:had|having|finished|after|during|en|durante|despues del?) (?:my |his |her |the |el |la )?"
    r"(?:treatment|chemo\w*|radiotherapy|surgery|tratamiento|quimio\w*|cirugia))\b"
)


@lru_cache(maxsize=4096)
def classify_heading(heading: str) -> str | None:
    """The question type a section heading answers ("" is the introduction)."""
    norm = normalise(heading)
    if not norm.strip():
        return "information"
    found = _earliest_qtype(norm)
    if found is not None:
        return found
    if _INFORMATION_PATTERN.search(norm) or re.search(
        r"\b(?:overview|introduction|about|general|resumen|introduccion|que es)\b", norm
    ):
        return "information"
    return None


# Words that show a question is about cancer at all, beyond a named cancer.
_ONCOLOGY_PATTERN: Final = re.compile(
    r"\b(?:"
    + _CANCER_WORDS
    + r"|oncolog\w*|chemo\w*|quimio\w*|radiotherap\w*|radioterapia|metasta\w*|"
    r"malignan\w*|biops(?:y|ies|ia|ias)|lump|bulto|mammogra\w*|mamograf\w*|"
    r"remission|remision|palliative|paliativ\w*|brca\d?)\b"
)


def mentions_oncology(text: str) -> bool:
    """True when ``text`` uses cancer vocabulary (or names a cancer)."""
    return bool(_ONCOLOGY_PATTERN.search(normalise(text))) or bool(detect_cancers(text))


@dataclass(frozen=True)
class Understanding:
    """What a question is about."""

    cancers: tuple[str, ...]
    qtype: str | None
    oncology: bool
    rest: str = ""  # the question without the words naming a cancer
    destinations: tuple[str, ...] = ()  # organs named as where cancer spreads to

    @property
    def cancer(self) -> str | None:
        return self.cancers[0] if self.cancers else None


def understand(question: str) -> Understanding:
    """Cancers, question type and whether the question is about cancer at all."""
    cancers = detect_cancers(question)
    destinations = detect_destinations(question)
    return Understanding(
        cancers=cancers,
        # "¿Cómo llega el cáncer al hígado?" names no cue of a type, but asks about spread.
        qtype=detect_qtype(question) or ("spread" if destinations else None),
        oncology=bool(cancers) or bool(_ONCOLOGY_PATTERN.search(normalise(question))),
        rest=without_cancer_mentions(question),
        destinations=destinations,
    )


# Spanish words (folded) whose English equivalents help a Spanish question
# match English passages lexically; cancer names come from CANCERS instead.
_GLOSSARY_ES_EN: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(rf"\b(?:{pattern})\b"), english)
    for pattern, english in (
        (r"ninos?|ninas?|infantil(?:es)?|pediatric[oa]s?|hij[oa]s?|bebes?", "childhood children"),
        (r"adult[oa]s?", "adult adults"),
        (r"hombres?|varon(?:es)?|masculin[oa]", "male men"),
        (r"mujer(?:es)?|femenin[oa]", "women"),
        (r"embaraz\w*", "pregnancy"),
        (r"adolescentes?|jovenes", "adolescents young adults"),
        (r"ancian[oa]s?|personas mayores", "older adults"),
        (r"recurrentes?|recidiv\w*|volvi\w*|regres\w*", "recurrent"),
        (r"avanzad[oa]s?", "advanced"),
        (r"primari[oa]s?", "primary"),
        (r"ganglios?(?: linfaticos?)?", "lymph nodes"),
        (r"efectos? secundarios?", "side effects"),
    )
)


def translate_glossary(question: str) -> str:
    """English equivalents of the glossary words found in a Spanish question."""
    norm = normalise(question)
    return " ".join(english for pattern, english in _GLOSSARY_ES_EN if pattern.search(norm))


def expansion_terms(u: Understanding, locale: str, question: str = "") -> str:
    """Words to add to a lexical query in ``locale``.

    The names of the recognised cancers and the heading of the question type
    in ``locale``, turning lay names ("voice box") into the names articles use
    ("larynx"). With ``question`` (a Spanish question searched against English
    passages) also the English of a few glossary words ("niños" -> childhood).
    """
    from helpline.answers.qtypes import heading_for

    parts: list[str] = []
    if question and locale == "en":
        parts.append(translate_glossary(question))
    for cid in u.cancers:
        c = CANCERS[cid]
        parts.append(c.es if locale == "es" else c.en)
    if u.qtype is not None:
        parts.append(heading_for(u.qtype, locale))
    return " ".join(parts)
