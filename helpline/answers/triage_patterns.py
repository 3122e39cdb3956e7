"""Regular expressions behind :mod:`helpline.answers.triage`.

Every pattern here runs over *normalised* text (see ``triage.normalise``):
lower case, accents folded (``está`` -> ``esta``, ``daño`` -> ``dano``),
apostrophes removed (``can't`` -> ``cant``, ``I'm`` -> ``im``), ``¿``/``¡``
turned into spaces, whitespace collapsed, and runs of three or more identical
letters collapsed to one (``dieeee`` -> ``die``). Write patterns in that
form: no accents, no apostrophes, single spaces. Every top-level branch of a
rule or guard pattern must start with ``\\b``: the triage checks that word
boundary itself, for speed, and refuses a pattern without it.

Both languages live side by side in every table; the triage always runs all
of them, whatever the visitor's locale.

Guards (``*_GUARDS``) are the known false friends. A guard match is blanked
out (replaced by ``#`` of the same length) before that action's rules run,
so ``i dont want to die`` can never reach the ``want to die`` rule, while a
second, unguarded phrase in the same message still can.

This module is data only; the decisions behind it are documented in
:mod:`helpline.answers.triage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Rule:
    """One pattern that, when found, triggers an action for ``reason``.

    ``weak`` (emergencies only): the phrase names a symptom that people also
    ask *about* ("can chemo cause chest pain?"). A weak match counts only
    when its sentence is not a general question, or when the sentence also
    speaks of a particular person (``PERSONAL``).

    ``requires``: a second pattern that must also occur somewhere in the
    message (fever *and* chemotherapy).
    """

    reason: str
    pattern: str
    weak: bool = False
    requires: str | None = None


# Building blocks --------------------------------------------------------------------------

I_AM: Final = r"(?:i am|im|i m)"
DONT: Final = r"(?:dont|do not|don t|didnt|did not|never)"
CANT: Final = r"(?:cant|cannot|can not|couldnt|could not|unable to|can t)"
WONT: Final = r"(?:wont|will not|doesnt|does not|isnt|is not)"
WANT: Final = (
    r"(?:want(?:ed|s)? (?:to|2|ot)|wanna|wana|wan na|wnat (?:to|2)|wamt to|would like to|wish to"
    r"|need to)"
)
GOING: Final = r"(?:going to|gonna|gunna)"
SELF: Final = r"(?:myself|my ?sel[fv]e?|myslef|mysef|mysefl)"
# "para que se pare el corazon", "para que el corazon le deje de latir"
HEART_STOPS: Final = (
    r"para que (?:se (?:le |me |te )?(?:pare|detenga) el corazon"
    r"|el corazon (?:se )?(?:le |me |te )?(?:pare|detenga|deje de latir))\b"
)
PERSON_3: Final = r"(?:himself|herself|themselves|themself|yourself|urself|your self|oneself)"
ALONE_WORD: Final = r"(?:anymore|any more|no more)"
# Somebody other than the writer, as the object of a threat.
OTHER: Final = (
    r"(?:him|her|them|someone|somebody|people|everyone|everybody|that (?:man|woman|guy|doctor)"
    r"|(?:my|the|his|her|our|that) (?:ex|ex husband|ex wife|husband|wife|partner|boyfriend"
    r"|girlfriend|boss|brother|sister|father|mother|dad|mum|mom|son|daughter|neighbou?r"
    r"|doctor|oncologist|surgeon|nurse|gp|consultant|family|kids|children|colleague))"
)
# Nouns for cancer treatments and medicines (English and Spanish, folded).
TREATMENT: Final = (
    r"(?:chemo\w*|radio\w*|radiation|immuno\w*|hormone\w*|hormonal|hormono\w*|treatment\w*"
    r"|tratamiento\w*|terapia\w*|therap\w*|medication\w*|medicine\w*|medicina\w*|medicamento\w*"
    r"|meds|pills?|tablets?|pastilla\w*|comprimido\w*|pastis|dos[ei]s|dosage|doses|surgery"
    r"|operation|operacion|cirugia|mastectomy|mastectomia|lumpectomy|tumorectomia|transplant"
    r"|trasplante|trial|ensayo|steroids?|corticoid\w*|painkillers?|analgesico\w*|morphine"
    r"|morfina|oxycodone|oxicodona|codeine|codeina|fentan[iy]l\w*|tramadol|ibuprofen[o]?"
    r"|paracetamol|aspirin[a]?|tamoxif\w*|letrozol\w*|anastrozol\w*|exemestan\w*|capecitabin\w*"
    r"|xeloda|dexa\w*|prednisol\w*|metformin\w*|keytruda|pembrolizumab|opdivo|herceptin"
    r"|\w+mab|\w+nib|\w+platin\w*|\w+taxel|\w+rubicin\w*|\w+fosfamid\w*|zoladex|lupron"
    r"|enzalutamid\w*|abirateron\w*|supplements?|suplemento\w*|vitamin\w*|herbs?|hierbas?"
    r"|herbal|st johns wort|hiperico|cbd|cannabis|jab|vaccine|vacuna\w*|flu shot|injections?"
    r"|inyeccion\w*|transfusion|infusion|cycle|ciclo|round|sesion\w*|session|quimio\w*"
    r"|antibiotic\w*|antibiotico\w*|blood thinners?|anticoagulant\w*|warfarin|heparin[a]?"
    r"|clexane|insulin[a]?|tablet|capsul\w*|reconstruction|reconstruccion|omeprazol\w*"
    r"|pantoprazol\w*|lansoprazol\w*|esomeprazol\w*|ondansetron\w*|metoclopramid\w*"
    r"|domperidon\w*|loperamid\w*|laxatives?|laxantes?|lorazepam|diazepam|zopiclon\w*"
    r"|melatonin\w*|levothyrox\w*|levotirox\w*|thyroxine|enoxaparin\w*|apixaban|rivaroxaban"
    r"|gabapentin\w*|pregabalin\w*|amitriptylin\w*|sertralin\w*|metamizol\w*|nolotil"
    r"|naproxen\w*|diclofenac\w*|antiemetic\w*|antiemetico\w*|antihistamin\w*)"
)
# Tests whose result a visitor may ask us to read.
TEST: Final = (
    r"(?:psa|ca ?-?125|ca ?-?19 ?[.-]? ?9|ca ?-?15 ?[.-]? ?3|cea|afp|hcg|ldh|blood ?tests?"
    r"|bloods|blood results?|blood count|blood work|fbc|cbc|full blood count|scans?|ct|ct scan"
    r"|cat scan|mri|pet|pet ?-?ct|x ?-?ray|xray|ultrasound|mammogram|mammography|biopsy"
    r"|pathology|histology|report|results?|tests?|markers?|tumou?r markers?|haemoglobin"
    r"|hemoglobin|hb|neutrophils?|platelets?|white (?:blood )?cells?|white count|wbc|creatinine"
    r"|liver function|lfts?|gleason|bi ?-?rads|grade|staging|ki ?-?67|her ?-?2|smear|colonoscopy"
    r"|endoscopy|bone scan|tac|tc|escaner|scanner|resonancia|rm|ecografia|mamografia|biopsia"
    r"|patologia|anatomia patologica|informe|resultados?|analisis|analitica|marcador\w*"
    r"|hemoglobina|neutrofilos|plaquetas|leucocitos|citologia|colonoscopia|gammagrafia|prueba\w*)"
)

# Crisis -----------------------------------------------------------------------------------

CRISIS_GUARDS: Final[tuple[str, ...]] = (
    # Not wanting to die, or a wish about the place and manner of a death.
    rf"\b(?:{DONT}|not|no|nobody|not ready to|no estoy list[oa] para) (?:\w+ )?{WANT} ?die\b",
    r"\b(?:doesnt|does not|dont|do not) want to die\b",
    r"\bnot ready to die\b",
    rf"\b{WANT} ?die (?:on (?:my|his|her|their) own terms,? )?(?:at home|in (?:the |a |my |his "
    r"|her |their )?(?:hospice|hospital|peace"
    r"|own bed|bed|sleep)|peacefully|with dignity|comfortabl\w+|surrounded)",
    # Where an expected death happens: "where she would prefer to die, home or there".
    r"\bwhere (?:\w+ ){0,3}(?:want|wants|wanted|would like|d like|prefer|prefers|would prefer"
    r"|d prefer|wish|wishes) to die\b|\b(?:prefer|prefers) to die (?:at home|in (?:the |a )?"
    r"(?:hospice|hospital)|there|here)\b|\bdonde (?:\w+ ){0,2}(?:quiere|prefiere|preferiria"
    r"|quisiera|queria) morir(?:se)?\b",
    r"\bno (?:\w+ )?(?:quiero|quiere|queremos) morir(?:me|se)?\b",
    r"\b(?:quiero|quiere|prefiero|prefiere) morir(?:me|se)? (?:en casa|en el hospital|en paz"
    r"|tranquil[oa]|sin dolor|con dignidad|en su cama|en mi cama|dormid[oa])",
    # Medicine and research words.
    r"\bsuicide (?:gene therapy|genes?|enzyme|vectors?|inhibitors?)\b",
    r"\bgen(?:es)? suicidas?\b|\b(?:terapia|estrategia) (?:\w+ )?genica suicida\b",
    r"\b(?:assisted|physician assisted|doctor assisted) (?:suicide|dying)\b",
    r"\bsuicidio (?:medicamente |medicament\w+ )?asistido\b",
    # Distances, not "kill myself".
    r"\b(?:\d+(?:[.,]\d+)?|many|much|few|several|some|more|less|the|those|these|cuantos|unos"
    r"|varios|los|mas|menos) ?kms\b",
    r"\bkms (?:away|from|to|each|every|per|a day|a week|al|por|de|desde|hasta|en|on|in|total)\b",
    # Hair, nails and accidents.
    r"\bme (?:corto|cortare|voy a cortar|quiero cortar) (?:el|las|los|la|un|mi|mis) "
    r"(?:pelo|cabello|unas|flequillo|puntas|melena|barba|pelito)",
    r"\bcortarme (?:el|las|los|la) (?:pelo|cabello|unas|flequillo|puntas|melena|barba)",
    r"\b(?:hurt|cut|burnt|burned|harmed) (?:myself|my self) (?:when|while|by accident|accidentally"
    r"|falling|lifting|shaving|cooking|on (?:the|a)|in the (?:garden|kitchen)|at (?:the gym|work))",
    r"\bme mato a (?:trabajar|estudiar|correr|limpiar|hacer)",
    # The conditional hyperbole "I could kill my brother" (a stated intention still counts).
    r"\b(?:i|id|i would|i could|could) (?:honestly |literally |just )?(?:could )?kill "
    r"(?:my|him|her|them)\b(?:\s+\w+)?",
    # Tired of something is not a wish to die.
    r"\b(?:dying|muriendo|muero|muerto) (?:to|de|of) (?:know|ganas|risa|laughter|miedo|calor"
    r"|frio|hambre|sueno|curiosity|curiosidad|verguenza|embarrassment|pena)",
)

CRISIS_RULES: Final[tuple[Rule, ...]] = (
    # -- suicidal ideation, first person, English
    Rule("suicidal_ideation", r"\bsu[ia]?[cs]i?d\w*"),
    Rule("suicidal_ideation", rf"\bkil+(?:ing)? {SELF}\b"),
    Rule("suicidal_ideation", rf"\bkill(?:ing)? {PERSON_3}\b"),
    Rule("suicidal_ideation", r"\b(?:kms|kys|kmys|unalive\w*)\b"),
    Rule("suicidal_ideation", r"\bsewer ?slide\b"),
    Rule("suicidal_ideation", rf"\b{WANT} ?die\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:wish|wished|hope) (?:i|id|i would|i could|to) (?:\w+ )?"
        r"(?:was|were|be|just|could) (?:dead|die|gone)\b",
    ),
    Rule(
        "suicidal_ideation", r"\b(?:wish|wished) (?:i|id) (?:was|were|had) never (?:been )?born\b"
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:wish|hope|pray) (?:i|id) (?:\w+ )?(?:die|died) "
        r"(?:soon|tonight|today|in my sleep|already)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\bbetter off (?:dead|without me|if i (?:\w+ )?(?:was|were|wasnt|werent|disappeared"
        r"|died|didnt exist|went away)|gone)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:happier|better|easier) (?:off )?(?:if|when|once) i "
        r"(?:was|were|am|m|had|d|died|go|went|disappear\w*) (?:\w+ )?(?:gone|dead|not here"
        r"|not around|no longer here|died|away|disappear\w*)?",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:end|ending|finish|finishing) (?:it all|my (?:own )?life"
        r"|my(?:self)? off|it (?:now|tonight|today|for good|here)|everything)\b",
    ),
    Rule("suicidal_ideation", r"\b(?:end|ending) (?:their|his|her|your) (?:own )?(?:life|lives)\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:ways?|how|methods?|plan\w*) (?:to|of|for) "
        r"(?:end|ending) (?:things|it|my life)\b",
    ),
    Rule("suicidal_ideation", r"\bend (?:things|it) (?:now|tonight|today|for good|soon)\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:decided|deciding|going|gonna|want|wanna|planning|plan|ready"
        r"|about|tempted) (?:to )?end it\b(?! (?:with|between))",
    ),
    Rule(
        "suicidal_ideation",
        r"\bno (?:\w+ )?(?:reason|reasons) (?:left )?(?:to|for) (?:keep |keeping )?"
        r"(?:live|living|go on|going on|carry on|carrying on|be here|stay|staying|be alive)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:motivo|motivos|razon|razones|ganas) (?:\w+ )?para (?:seguir )?"
        r"(?:vivir|viviendo|seguir adelante|estar aqui)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:said|saying|say) (?:my )?(?:goodbyes|goodbye to (?:everyone"
        r"|everybody|my family|my kids))\b|\b(?:ready|going) to go tonight\b"
        r"|\bme (?:he despedido|estoy despidiendo) de (?:todos|todo el mundo|mi familia)\b",
    ),
    Rule("suicidal_ideation", r"\btak(?:e|ing) (?:my|his|her|their|your) (?:own )?life\b"),
    Rule(
        "suicidal_ideation",
        rf"\b{DONT} (?:\w+ )?(?:(?:want|wish|feel like) (?:to|2)|wanna) "
        rf"(?:live|be alive|be here|exist|go on|carry on|keep going|wake up)"
        rf"(?: {ALONE_WORD}| any ?longer| like this)?\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:no|what s the|whats the|what is the|theres no) "
        r"point (?:in |of )?(?:living|going on|carrying on|being alive|life|me being here"
        r"|anything|trying|anymore|to (?:live|life|anything|going on))\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\bpoint (?:in |of )?(?:living|going on|carrying on|being alive"
        r"|being here|me being here|my life|waking up)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:want|wish|need) (?:it all|everything|my life|this life|it|this) (?:all )?to "
        r"(?:end|be over)\b|\b(?:want|wish|need) (?:it all|everything) to stop\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:rather|prefer to|sooner) (?:just )?(?:be dead|die|not be "
        r"(?:alive|here))\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:nobody|no one|noone|no-one|nadie) (?:would|will|is going to"
        r"|me) (?:even )?(?:miss|notice|care|echaria de menos|echara de menos|echaria en falta)"
        r"|\bnadie me (?:va a |iba a )?(?:echar|echaria|echara|extranar|extranaria|extranara)\b"
        r"|\bnadie (?:va a |iba a )?(?:echarme|extranarme)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:quickest|easiest|best|painless|fastest|quick|easy"
        r"|least painful|surest|simplest) (?:way|ways|method|methods) (?:to|of) (?:die|dying"
        r"|kill|end it|end my|go)\b|\bhow (?:to|can i|do i|could i) die (?:quickly|painlessly"
        r"|fast|peacefully tonight)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:forma|manera|modo) (?:mas )?(?:rapida|facil|indolora|segura"
        r"|sencilla) de (?:morir|matarme|matarse|suicidarme|suicidarse|acabar)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\bno (?:vale|merece) la pena (?:seguir )?(?:vivir|viviendo"
        r"|seguir|la vida)\b",
    ),
    Rule("suicidal_ideation", r"\bno quiero (?:seguir )?(?:estar|seguir) aqui\b"),
    Rule("suicidal_ideation", rf"\b{CANT} go on(?! with)(?: {ALONE_WORD}| like this| living)?\b"),
    Rule("suicidal_ideation", r"\b(?:im|i am|i m) done with (?:life|living|everything|it all)\b"),
    Rule("suicidal_ideation", r"\b(?:had|have) enough of (?:life|living|being alive)\b"),
    Rule("suicidal_ideation", r"\bsleep (?:and|&) (?:never|not) wake(?: up)?\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:to|and) (?:not|never) wake up\b|\b(?:hope|hoping|hoped|wish|wishing|pray|praying) "
        r"(?:that )?i (?:\w+ )?(?:dont|do not|wont|will not|never|wouldnt|would not|didnt) wake\b",
    ),
    Rule("suicidal_ideation", r"\b(?:please|just|somebody|someone|so) (?:\w+ )?kill me\b"),
    Rule("suicidal_ideation", r"\bsleep forever\b"),
    Rule("suicidal_ideation", r"\b(?:want|wanna) to (?:disappear|vanish) (?:forever|for good)\b"),
    Rule("suicidal_ideation", r"\bnot (?:be )?(?:alive|here) (?:anymore|any more|tomorrow)\b"),
    # -- suicidal ideation, first person, Spanish
    Rule(
        "suicidal_ideation",
        r"\b(?:quiero|kiero|qiero|quero|queria|quisiera|deseo|necesito) "
        r"morir(?:me)?\b",
    ),
    Rule("suicidal_ideation", r"\bme (?:quiero|kiero|qiero|quero|gustaria|quisiera) morir\b"),
    Rule("suicidal_ideation", r"\bganas de morir(?:me)?\b"),
    Rule(
        "suicidal_ideation",
        r"\bojala (?:me )?(?:estuviera|estuviese|estar|muriera|muera"
        r"|muriese|no despert\w+|no hubiera nacido)\b",
    ),
    # a wished-for death in one's sleep ("ojala me de un infarto mientras duermo")
    Rule(
        "suicidal_ideation",
        r"\bojala (?:me )?(?:de|diera|diese|venga|viniera|llegue|llegara) (?:un|una|algo)\b"
        r".{0,40}\b(?:dormid[oa]|mientras duermo|no despert\w*|se acabe|acabar|morir)",
    ),
    Rule(
        "suicidal_ideation",
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:a|the|some) "
        r"(?:heart attack|stroke|clot|car|bus|infection)\b.{0,40}\b(?:takes|take|gets|get"
        r"|kills|kill|finishes|finish) me\b",
    ),
    Rule("suicidal_ideation", r"\bprefiero (?:estar )?(?:muert[oa]|morir(?:me)?)\b"),
    Rule(
        "suicidal_ideation",
        r"\bmejor (?:si |que )?(?:me muero|me muriera|me muera|muert[oa]"
        r"|estar muert[oa]|desaparezco)\b",
    ),
    Rule("suicidal_ideation", r"\b(?:estarian|estaran|estarias|estaria|vivirian) mejor sin mi\b"),
    Rule(
        "suicidal_ideation",
        r"\bsin mi (?:\w+ ){0,4}(?:les iria|le iria|estarian|estaria|vivirian|viviria|irian"
        r"|seria todo) mejor\b|\b(?:les|le) iria mejor sin mi\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\blook(?:ing|s)? forward to (?:dying|death|being dead|my death|the day i die"
        r"|not waking up)\b",
    ),
    # stopping a medicine on purpose so that one dies
    Rule(
        "suicide_plan",
        r"\b(?:on purpose|deliberately|a proposito|adrede|queriendo) (?:so (?:that )?"
        r"|para (?:que )?)(?:something (?:bad )?happens|i (?:die|dont wake|wont wake|never wake)"
        r"|pase algo|me muera|morirme|no despertar|no (?:tenga|tener) que)",
    ),
    Rule(
        "suicidal_ideation",
        r"\bmejor (?:\w+ ){0,2}si (?:yo )?(?:ya )?(?:no (?:estuviera|estuviese|existiera|existiese"
        r"|estoy|existo)|desaparec(?:iera|iese|o)|me (?:muriera|muriese|fuera para siempre))\b",
    ),
    Rule("suicidal_ideation", r"\bquitarme (?:la vida|de en medio|del medio)\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:acabar|terminar|poner fin|ponerle fin|acabo|termino) "
        r"(?:con )?(?:a )?(?:todo(?! el tratamiento)|mi vida|mi existencia|esto de una vez)\b",
    ),
    Rule("suicidal_ideation", r"\b(?:irme|ir|marcharme|largarme) de este mundo\b"),
    Rule("suicidal_ideation", r"\bdejar de (?:existir|vivir)\b"),
    Rule("suicidal_ideation", r"\b(?:quiero|kiero) desaparecer\b"),
    Rule(
        "suicidal_ideation",
        r"\bno (?:quiero|kiero|tengo ganas de|puedo) (?:seguir )?"
        r"(?:vivir|viviendo)\b",
    ),
    Rule(
        "suicidal_ideation",
        r"\bno (?:le )?(?:veo|encuentro|tiene) (?:ningun )?sentido "
        r"(?:a |de )?(?:la vida|vivir|seguir|mi vida|nada)\b",
    ),
    Rule("suicidal_ideation", r"\b(?:me voy a|me quiero|voy a) matar\b(?! a)"),
    Rule("suicidal_ideation", r"\bmatarme\b"),
    Rule("suicidal_ideation", r"\bme mato\b"),
    Rule("suicidal_ideation", r"\b(?:dormir(?:me)?|dormirse) y no (?:volver a )?despertar"),
    Rule("suicidal_ideation", r"\bno (?:volver a )?despertar(?:me)? (?:nunca|mas|jamas)\b"),
    Rule(
        "suicidal_ideation",
        r"\b(?:esperando|espero|deseando|deseo|rezo para|rezando para|ojala) (?:\w+ )?no "
        r"(?:volver a )?despert(?:ar|arme|arse|ar mas|e|ara|arme mas)\b",
    ),
    Rule("suicidal_ideation", r"\b(?:dormir|descansar) para siempre\b"),
    Rule("suicidal_ideation", r"\bsoy una carga\b.{0,60}\b(?:morir|muer|desaparec|sin mi)"),
    Rule("suicidal_ideation", r"\bburden\b.{0,60}\b(?:gone|dead|die|without me)\b"),
    # -- somebody else is suicidal (a carer asking)
    Rule(
        "other_person_suicidal",
        r"\b(?:se (?:quiere|va a|queria) matar|quiere matarse"
        r"|va a matarse|quiere quitarse la vida|(?:se )?va a quitar(?:se)? la vida"
        r"|quiere suicidarse|quiere morirse|se quiere morir|dice que quiere morir)\b",
    ),
    Rule(
        "other_person_suicidal",
        r"\b(?:shoot|hang|kill|poison|drown|stab|hurt|harm|cut|burn"
        r"|starve|overdose)(?:s|ing|ed)? (?:himself|herself|themselves|themself)\b"
        r"(?! (?:by accident|accidentally|when|while|falling|lifting|shaving|cooking|on))",
    ),
    Rule(
        "other_person_suicidal",
        r"\b(?:me|se) (?:va a |voy a |quiere |quiero )?pegar un tiro\b"
        r"|\bpegar(?:me|se) un tiro\b",
    ),
    # -- plans, means and attempts
    Rule(
        "suicide_plan",
        r"\b(?:how many|how much|cuantas|cuantos|cuanta|cuanto) (?:\w+ ){0,3}"
        r"(?:pills|tablets|sleeping pills|paracetamol|morphine|oxy\w*|pastillas|comprimidos"
        r"|morfina|insulin)\b.{0,50}\b(?:die|dead|kill|not wake|no despertar|morir|never wake"
        r"|matar|overdose|sobredosis|end it)",
    ),
    Rule("suicide_plan", r"\b(?:lethal|fatal|deadly|killing) (?:dose|amount|overdose)\b"),
    Rule("suicide_plan", r"\bdosis (?:letal|mortal)\b"),
    # -- how much of something would be fatal ("how many of his heart tablets would
    #    stop a heart", "cuanto paracetamol es mortal"): a lethal-dose question
    Rule(
        "suicide_plan",
        r"\bhow (?:many|much)\b.{0,60}\b(?:would|will|does it|do you|it|to) (?:it )?"
        r"(?:take|need|have) to (?:stop (?:a|the|my|his|her|your|someone'?s?) heart"
        r"|kill (?:me|you|him|her|a person|someone|somebody|an adult)|be (?:fatal|lethal)"
        r"|never wake)\b",
    ),
    Rule(
        "suicide_plan",
        r"\bhow (?:many|much)\b.{0,60}\b(?:is|are|would be|will be|counts as) "
        r"(?:a )?(?:fatal|lethal|deadly|enough to (?:kill|die|stop (?:a|the|my) heart))\b",
    ),
    Rule("suicide_plan", r"\bhow (?:long|much time)\b.{0,30}\bto bleed out\b"),
    Rule("suicide_plan", r"\b(?:do it|end it|end my life|go|die) painlessly\b"),
    Rule(
        "suicide_plan",
        r"\b(?:pasarme|pasarse|pasarle)\b",
        requires=r"\b(?:morfina|bomba|pastillas|dosis|insulina|fentanilo|parches)\b",
    ),
    Rule("suicide_plan", r"\b(?:hose|hosepipe|manguera)\b.{0,60}\b(?:tape|cinta|exhaust|escape)\b"),
    Rule("suicide_plan", r"\b(?:does|would|will|do) (?:an? )?(?:\w+ )?overdoses? hurt\b"),
    Rule(
        "suicide_plan",
        r"\bcuant[oa]s?\b.{0,60}\b(?:es|son|seria|serian|resulta|resultan) "
        r"(?:mortal|mortales|letal|letales)\b",
    ),
    Rule(
        "suicide_plan",
        r"\bcuant[oa]s?\b.{0,60}\b(?:hace|hacen|haria|harian) falta\b.{0,30}"
        r"\b(?:morir|matar|no despertar)",
    ),
    Rule("suicide_plan", rf"\bcuant[oa]s?\b.{{0,60}}\b{HEART_STOPS}"),
    Rule(
        "suicide_plan",
        r"\b(?:saving|saved|stockpil\w+|hoard\w*|collecting|storing) "
        r"(?:up )?(?:\w+ )?(?:pills|tablets|meds|medication|morphine|painkillers)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:saving up|stockpil\w+|hoard\w*) (?:\w+ ){0,2}(?:pills|tablets|meds|medications?"
        r"|medicines?|morphine|painkillers|oxy\w*|fentanyl\w*|codeine|co-?codamol|tramadol"
        r"|diazepam|zopiclone|insulin|patches|oramorph|opioids?|sleeping (?:pills|tablets))\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:guardando|acumulando|juntando|guardo|acumulo) (?:las |los |la "
        r"|mis )?(?:\w+ )?(?:pastillas|comprimidos|morfina|medicacion|medicinas|oxicodona"
        r"|fentanilo|tramadol|insulina|parches|calmantes|somniferos|pastillas para dormir)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:take|taking|took|taken|swallow|swallowed|have taken|ive taken) (?:all|a whole "
        r"(?:bottle|box|pack)|the whole (?:bottle|box|pack)) (?:of )?(?:my|the|of my)? ?"
        r"(?:pills|tablets|meds|medication|morphine|painkillers|sleeping pills)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:me tome|me he tomado|tome|me tomado|tomarme|me voy a tomar) (?:todas|toda|todos"
        r"|un bote|una caja|el bote|la caja)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:overdose|overdosed|od) on\b|\boverdosed\b|\b(?:took|taken|take"
        r"|taking|had|swallowed) (?:an |a )?(?:massive |big |deliberate )?overdose\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:took|taken|swallowed|tome|me he tomado|me tome) (?:\w+ )?"
        r"(?:[2-9]\d|1\d\d|dozens of|loads of|lots of|treinta|veinte|cuarenta) (?:\w+ )?"
        r"(?:pills|tablets|paracetamol|pastillas|comprimidos|capsules|ibuprofen|co-?codamol)\b",
    ),
    Rule("suicide_plan", r"\b(?:rather|going to|gonna|want to|plan to|could) (?:just )?overdose\b"),
    Rule(
        "suicide_plan",
        r"\bsobredosis\b.{0,40}\b(?:morir|acabar|voy a|quiero)\b"
        r"|\b(?:quiero|voy a|pienso) (?:tomarme|hacerme) una sobredosis\b",
    ),
    Rule("suicide_plan", r"\b(?:goodbye|suicide|farewell) (?:letters?|notes?)\b"),
    Rule("suicide_plan", r"\bcartas? de (?:despedida|suicidio)\b"),
    Rule(
        "suicide_plan",
        r"\b(?:rope|noose)\b.{0,40}\b(?:looking at|staring at|thinking|tied"
        r"|bought|ready|garage|neck|hang)\b|\bbought a (?:rope|noose|gun)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:hang|hanging|shoot|shooting|drown|drowning|poison|poisoning"
        r"|overdos\w+) (?:myself|my self)\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:ahorcarme|colgarme|envenenarme|pegarme un tiro|tirarme "
        r"(?:por|de|desde|a|al|bajo) (?:la|el|un|una)? ?(?:ventana|puente|balcon|terraza"
        r"|tejado|azotea|tren|via|metro|coche|acantilado|edificio|rio|mar))\b",
    ),
    Rule(
        "suicide_plan",
        r"\b(?:jump|jumping|jumped|throw myself|throwing myself) (?:off|from"
        r"|in front of|out of|under) (?:a|the|my|our|that)? ?(?:\w+ )?(?:bridge|building|roof"
        r"|balcony|cliff|train|bus|car|window|tower|car park|motorway)\b",
    ),
    Rule("suicide_plan", r"\b(?:slit|cut|cutting|slash\w*) (?:my|his|her) (?:wrists?|throat)\b"),
    Rule(
        "suicide_plan",
        r"\b(?:crash\w*|drive|driving|drove|swerv\w*|steer\w*|wrap\w*) (?:\w+ ){0,4}"
        r"(?:on purpose|deliberately)\b|\b(?:estrellar\w*|estampar\w*|salirme|tirar\w*) "
        r"(?:\w+ ){0,4}(?:a proposito|adrede|queriendo)\b",
    ),
    # -- self-harm
    Rule(
        "self_harm",
        rf"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|scratch\w*"
        rf"|punish\w*|injur\w+|starv\w+) {SELF}\b(?! (?:by accident|accidentally))",
    ),
    Rule("self_harm", r"\bself ?-?(?:harm\w*|injur\w*|mutilat\w*)\b"),
    Rule(
        "self_harm",
        r"\b(?:scratch\w*|pick\w*|tear\w*|rip\w*|dig\w*) (?:at )?(?:my|his|her) (?:\w+ )?"
        r"(?:skin|scalp|arms?|legs?|face|wounds?|scabs?|scar\w*) (?:\w+ )?"
        r"(?:on purpose|deliberately)\b",
    ),
    Rule(
        "self_harm",
        rf"\b(?:hit|hitting|punch|punching|slap|slapping|bite|biting) {SELF}\b"
        r"|\b(?:bang|banging) my head (?:against|on)\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:me pego|pegarme|me golpeo|golpearme|me muerdo) (?:a mi mism[oa]"
        r"|la cabeza contra|contra la pared|cuando|hasta)\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:been|started|start|keep|stop|stopped|back to|relapsed and) cutting\b"
        r"(?! (?:down|back|out|my hair|hair|the|it))|\bcutting again\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:me he hecho|me hago|me hice|hacerme) (?:\w+ )?(?:cortes|quemaduras)"
        r"\b|\bcortes en (?:los|las|mis) (?:brazos|munecas|piernas|muslos)\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:me corto|me estoy cortando|me he cortado|me cortaba|cortarme|me corte)"
        r"(?! (?:el|las|los|un|con|al|en|un poco|mientras|sin querer|el dedo|un dedo"
        r"|afeitando\w*|depilando\w*|cocinando|pelando|cortando|por accidente))\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:me corto|me he cortado|me corte|cortarme|me estoy cortando) "
        r"(?:los|las) (?:brazos|munecas|venas|piernas|muslos)\b",
    ),
    Rule(
        "self_harm",
        r"\b(?:hacerme|me voy a hacer|me quiero hacer|me hago|me he hecho) "
        r"(?:dano|danyo|heridas)\b(?! (?:al|en la|en el|con|sin querer))",
    ),
    Rule("self_harm", r"\bautolesi\w+|\bauto-? ?lesi\w+|\bme autolesiono\b|\blesionarme\b"),
    Rule(
        "self_harm",
        r"\b(?:burn|burning|burnt|burned|cut|cutting|scratch\w*|scald\w*|carv\w*|slash\w*) "
        r"(?:my|his|her) (?:own )?(?:arms?|legs?|wrists?|skin|thighs?|hands?|stomach|body|chest)\b"
        r".{0,30}\b(?:with (?:a |the |my )?(?:lighter|cigarettes?|matche?s?|knife|knives|blades?"
        r"|razors?|scissors|compass|glass|iron)|on purpose|deliberately|to feel|to punish"
        r"|until (?:it|they) bleeds?)",
    ),
    Rule(
        "self_harm",
        r"\bme (?:quemo|queme|he quemado|estoy quemando|corto|he cortado|rajo|arano|clavo) "
        r"(?:\w+ )?(?:los|las|el|la|mis) (?:brazos?|piernas?|munecas?|piel|muslos?|manos?)\b"
        r".{0,30}\b(?:con (?:un|una|el|la|unas|unos) (?:mechero|cigarros?|cigarrillos?|cuchillas?"
        r"|cuchillos?|tijeras|cristal|plancha|cerillas?)|a proposito|adrede|queriendo)",
    ),
    Rule("self_harm", r"\bquemarme\b(?! (?:con|al|en))"),
    # -- harm to another person
    Rule(
        "harm_to_others",
        rf"\b(?:{WANT}|{GOING}|will|ill|i will|i ll|planning to|plan to|about to|"
        rf"ready to|thinking (?:about|of)|fantasi[sz]\w* about|keep thinking about|going to) "
        rf"(?:kill|killing|hurt|hurting|harm|harming|stab|stabbing|shoot|shooting|strangle"
        rf"|strangling|beat up|beating up|attack|attacking|poison|poisoning|murder|murdering"
        rf"|smash|punch|punching|run over) {OTHER}\b",
    ),
    Rule("harm_to_others", r"\bi know where (?:he|she|they) (?:lives?|works?)\b"),
    Rule("harm_to_others", r"\bmaking (?:him|her|them) pay\b"),
    Rule(
        "harm_to_others",
        r"\b(?:voy a|quiero|pienso|tengo ganas de|me dan ganas de|quisiera"
        r"|podria) (?:matar|matarle|matarla|matarlos|matarlas|hacerle dano|hacerles dano"
        r"|pegarle|apunalar\w*|envenenar\w*|estrangular\w*|darle una paliza) ?(?:a )?"
        r"(?!(?:las )?celulas|el cancer|al cancer|el tumor|al tumor|el bicho|los germenes)",
    ),
    Rule(
        "harm_to_others",
        r"\b(?:threaten\w*|threats) to (?:kill|hurt|stab|shoot) (?:me|us"
        r"|my|the kids|the children)\b|\bamenaza\w* con (?:matar\w*|hacer\w* dano)",
    ),
)

# Emergency -------------------------------------------------------------------------------

EMERGENCY_GUARDS: Final[tuple[str, ...]] = (
    # A tumour marker or a size is not a temperature.
    r"\b(?:ca ?-?125|ca ?-?19 ?[.-]? ?9|ca ?-?15 ?[.-]? ?3|psa|cea|afp|markers?|marcador\w*|hb"
    r"|haemoglobin|hemoglobina|level|nivel) (?:\w+ ){0,3}\d+(?:[.,]\d+)?",
    r"\b\d+(?:[.,]\d+)? ?(?:mm|cm|ml|ng|u|%|kg|mg|years?|anos|kilos)\b",
    r"\b(?:not|isnt|is not|arent|stopped|no longer) respon\w* (?:to|well to) (?:the )?"
    r"(?:treatment|chemo\w*|therapy|drugs?|medication|immuno\w*|radio\w*)",
    r"\bno (?:responde|reacciona|ha respondido|respondio) (?:bien )?(?:al|a la|a los|a las)\b",
    r"\bbreathtaking\b",
    r"\bchest of drawers\b",
    r"\bblood orange\b",
)

# A weak match is dropped when its sentence asks about symptoms in general.
GENERAL_QUESTION: Final = (
    r"^\W*(?:what|whats|why|how|when|which|where|who|can|could|does|do|did|is|are|will|would"
    r"|should (?:you|one|someone|a person|patients|people)|signs? of|symptoms? of"
    r"|que|por que|porque|como|cuando|cual|cuales|cuanto|cuantos|cuanta|cuantas|donde|quien"
    r"|es|son|puede|pueden|se puede|a partir de|sintomas? de|senales de)\b"
    r"|\b(?:is|are) (?:it|that|this|these|they) (?:\w+ )?(?:normal|common|usual|typical"
    r"|expected|a (?:\w+ )?(?:symptom|sign|side effect))"
    r"|\b(?:symptom|sign|side effect|effect)s? of\b"
    r"|\b(?:can|could|does|do|will|would|might|may) .{0,40}\b(?:cause|give|lead to|trigger)\b"
    r"|\b(?:es|son|sera|seran) (?:normal|frecuente|habitual|comun|un (?:\w+ )?(?:efecto|sintoma"
    r"|signo)|sintoma|signo|efecto)"
    r"|\b(?:puede|pueden|suele|suelen|podria) (?:causar|provocar|dar|producir)\b"
    r"|\b(?:la|el|los|las) \w+ (?:\w+ )?(?:causa|causan|provoca|provocan|produce|producen|da|dan"
    r"|genera|generan)\b"
)
# Words showing the writer speaks of a particular person, not of symptoms in general.
# Near the expected end of a life, drowsiness and changed breathing are not a 999 call.
END_OF_LIFE: Final = (
    r"\b(?:hospice|palliative|end of life|dying|last days|final days|last hours|final stage"
    r"|days to live|hours to live|paliativ\w*|ultimos dias|ultimas horas|fase final|fase terminal"
    r"|se esta muriendo|se muere|agonia|agonizando|sedacion)\b"
)
EXPECTED_AT_END_OF_LIFE: Final = frozenset({"unconscious", "breathing"})
PERSONAL: Final = (
    r"\b(?:i|im|ive|id|my|me|mine|he|she|hes|shes|his|him|her|we|our|us"
    r"|tengo|tiene|tenemos|mi|mis|me|le|nos|estoy|noto|siento|ahora)\b"
)

_FEVER: Final = (
    r"\b(?:fever\w*|feverish|febrile|high temp\w*|(?:a|my|his|her) temp(?:erature)? "
    r"(?:of|is|was|has|hit|at|over|above)|temp(?:erature)? (?:of )?(?:3[89]|4[01]|10[0-5])"
    r"|(?:have|got|running|run|has|had) (?:a )?(?:high )?temp(?:erature)?\b|shivering|rigou?rs"
    r"|shivery|hot and cold|temp(?:erature)? (?:is|of|was|at|reading|reads|hit|now) (?:\w+ )?"
    r"(?:3[7-9]|4[0-2]|10[0-5])|(?:3[89]|4[01])[.,]\d"
    r"|the shakes|chills|fiebre|febril|calentura|temperatura (?:alta|de 3[89])|escalofrios"
    r"|tiritando|tiritona|3[89] ?(?:[.,] ?\d)? ?(?:c|o|°|grados|degrees|de fiebre)\b)"
)
_ON_CHEMO: Final = (
    r"\b(?:chemo\w*|quimio\w*|cycle|ciclo|neutropeni\w*|neutrofilos|neutrophils|infusion"
    r"|on treatment|en tratamiento|during treatment|durante el tratamiento|carboplatin\w*"
    r"|cisplatin\w*|\w+taxel|folfox|folfiri|capecitabin\w*|\w+rubicin\w*|cytotoxic"
    r"|fec|fec-?t|ec|ac|tac|r-?chop|chop|abvd|beacop\w*|xelox|capox|gemcitabin\w*|oxaliplatin\w*"
    r"|cyclophosphamide|ciclofosfamida|etoposid\w*|irinotecan|vincristin\w*|rituximab"
    r"|leuka?emia|leucemia|stem cell transplant|trasplante de medula)\b"
)

EMERGENCY_RULES: Final[tuple[Rule, ...]] = (
    # -- breathing
    Rule(
        "breathing",
        rf"\b{CANT} (?:\w+ )?(?:breathe?|breath properly|get (?:my |his |her )?"
        r"breath|get air|take a breath)\b",
    ),
    Rule("breathing", r"\b(?:not|isnt|is not|stopped|has stopped|wasnt) breathing\b"),
    Rule(
        "breathing",
        r"\b(?:struggling|fighting|battling|labou?ring) (?:to|for) (?:breathe?"
        r"|air)\b|\bgasping\b",
    ),
    Rule("breathing", rf"\b{CANT} catch (?:my|his|her|their) breath\b"),
    Rule(
        "breathing",
        r"\b(?:feels?|feeling) like (?:im|i am|i m|hes|shes|he is|she is) "
        r"(?:drowning|suffocating|choking)\b|\b(?:im|i am) suffocating\b",
    ),
    Rule("breathing", r"\blips (?:\w+ )?(?:blue|purple|grey|gray)\b"),
    Rule("breathing", r"\bturning (?:blue|purple)\b"),
    Rule(
        "breathing",
        r"\b(?:severe|severely|very|really|extremely|so|terribly|awfully|badly"
        r"|very bad|bad|extreme|terrible|sudden|suddenly) (?:short(?:ness)? of breath"
        r"|breathless(?:ness)?|out of breath)\b",
        weak=True,
    ),
    Rule(
        "breathing",
        r"\b(?:difficulty|trouble|problems?) (?:breathing|getting air)\b"
        r"|\bhard to breathe\b|\bchoking\b",
        weak=True,
    ),
    Rule("breathing", r"\bno (?:puedo|puede|podia|podemos) respirar\b"),
    Rule("breathing", r"\bno (?:respira|esta respirando|respiraba)\b"),
    Rule("breathing", r"\b(?:ha dejado|dejo) de respirar\b"),
    Rule(
        "breathing",
        r"\b(?:me ahogo|se ahoga|me estoy ahogando|se esta ahogando|ahogandome"
        r"|ahogandose|sensacion de ahogo)\b",
    ),
    Rule(
        "breathing",
        r"\bno (?:me|le) entra (?:el )?aire\b|\b(?:me|le) falta (?:mucho )?"
        r"(?:el )?aire\b",
    ),
    Rule("breathing", r"\b(?:me|le) cuesta (?:\w+ )?respirar\b"),
    Rule("breathing", r"\blabios (?:\w+ )?(?:morados|azules|azulados)\b"),
    Rule(
        "breathing",
        r"\b(?:mucha|muchisima|tanta|gran|grave) (?:falta de aire|dificultad "
        r"(?:para|al) respirar)\b",
        weak=True,
    ),
    Rule("breathing", r"\bdificultad (?:para|al) respirar\b", weak=True),
    # -- chest pain
    Rule(
        "chest_pain",
        r"\bchest (?:pain|pains|ache|aches|tightness|pressure)\b"
        r"|\b(?:pains?|ache|aching|pressure|tightness|crushing) in (?:my|his|her|the) chest\b"
        r"|\bchest (?:is|feels|felt|went) (?:\w+ )?(?:tight|heavy|crushing|painful)\b"
        r"|\btight chest\b|\bheart attack\b",
        weak=True,
    ),
    Rule(
        "chest_pain",
        r"\b(?:dolor|dolores|presion|opresion|pinchazo|pinchazos) "
        r"(?:\w+ ){0,3}(?:en el|del|de) pecho\b",
        weak=True,
    ),
    Rule(
        "chest_pain",
        r"\b(?:my|his|her) chest (?:really |is |really )?(?:hurts|hurting|aches"
        r"|is killing)\b",
    ),
    Rule("chest_pain", r"\bchest (?:hurts|is hurting)\b", weak=True),
    Rule(
        "chest_pain",
        r"\b(?:me|le|nos) duele (?:\w+ )?(?:el )?pecho\b"
        r"|\b(?:infarto|ataque al corazon)\b",
    ),
    # -- bleeding
    Rule(
        "bleeding",
        r"\b(?:heavy|heavily|severe|lots of|a lot of|massive|uncontrolled) "
        r"(?:bleeding|bleed|blood loss)\b|\bbleeding (?:heavily|a lot|badly|profusely)\b",
        weak=True,
    ),
    Rule(
        "bleeding",
        rf"\b(?:bleeding|blood|it) {WONT} stop\b|\b{WONT} stop bleeding\b"
        rf"|\b{CANT} stop (?:the )?bleeding\b|\b(?:keeps?|keep on) bleeding\b",
    ),
    Rule(
        "bleeding",
        r"\bblood (?:is )?(?:pouring|gushing|spurting|pumping|everywhere)\b"
        r"|\b(?:pouring|gushing|spurting) (?:out )?(?:with )?blood\b"
        r"|\bsoak\w* through (?:the |my |his |her )?(?:dressing|pad|bandage|towel)s?\b",
    ),
    Rule(
        "bleeding",
        r"\b(?:vomiting|throwing up|threw up|vomited|puking|being sick with) "
        r"(?:up )?(?:\w+ ){0,2}blood\b",
    ),
    Rule(
        "bleeding",
        r"\b(?:vomit\w*|threw up|throwing up|sick|puk\w*) (?:\w+ ){0,5}coffee grounds?\b"
        r"|\b(?:black|tarry|tar-like|jet black) (?:\w+ ){0,2}(?:poo|poop|stools?|faeces|feces"
        r"|bowel movements?)\b.{0,80}\b(?:faint\w*|dizzy|pass out|passing out|light ?headed"
        r"|collaps\w*|weak)\b"
        r"|\bvomit\w* (?:\w+ ){0,3}(?:posos de cafe|como (?:el )?cafe)\b"
        r"|\b(?:heces|deposiciones|cacas?) (?:\w+ ){0,2}negras?\b.{0,80}\b(?:mareo|mareas?"
        r"|mareado|mareada|desmay\w*|me caigo|casi me caigo|debil)\b",
    ),
    Rule(
        "bleeding",
        r"\b(?:a lot of|lots of|so much|loads of|too much|tons of) (?:\w+ ){0,2}blood\b"
        r"|\b(?:mucha|muchisima|tanta|demasiada) sangre\b",
        weak=True,
    ),
    Rule(
        "bleeding",
        r"\bcoughing (?:up )?(?:\w+ ){0,3}blood\b|\bcoughed up (?:\w+ ){0,3}"
        r"blood\b",
        weak=True,
    ),
    Rule(
        "bleeding",
        r"\bsangrado (?:muy )?(?:abundante|masivo|importante|fuerte|grave)\b"
        r"|\bhemorragia\b|\bsangr\w* (?:a chorros|muchisimo|mucho|sin parar|abundante\w*)\b",
        weak=True,
    ),
    Rule(
        "bleeding",
        r"\bno (?:para|deja|paro|dejo) de sangrar\b|\bsangr\w*\b.{0,40}"
        r"\b(?:no (?:para|se para|se corta|deja)|sin parar)\b",
    ),
    Rule(
        "bleeding",
        r"\b(?:vomitando|vomito|vomite|he vomitado|vomita|echando) (?:\w+ ){0,2}"
        r"sangre\b",
    ),
    Rule(
        "bleeding",
        r"\b(?:tosiendo|toso|tose|he tosido|escupiendo|escupo) (?:\w+ ){0,2}"
        r"sangre\b",
    ),
    # -- unconscious or unresponsive
    Rule(
        "unconscious",
        r"\b(?:isnt|is not|wont|will not|not|stopped) (?:answering|responding)(?: to)? "
        r"(?:us|me|anyone|when (?:we|i) (?:talk|speak|call))\b|\beyes (?:are )?open but "
        r"(?:nothing|no one|nobody|he s not|she s not)",
    ),
    Rule(
        "unconscious",
        r"\b(?:passed out|fainted|blacked out|collapsed|keeled over"
        r"|lost consciousness)\b",
    ),
    Rule("unconscious", r"\b(?:unconscious|unresponsive|unrousable)\b", weak=True),
    Rule("unconscious", r"\b(?:not|isnt|is not|stopped) (?:responding|responsive)\b", weak=True),
    Rule(
        "unconscious",
        rf"\b{CANT} (?:wake|rouse) (?:him|her|them|my \w+|up)\b"
        rf"|\b{WONT} wake(?: up)?\b",
    ),
    Rule(
        "unconscious",
        r"\b(?:perdi\w* (?:el )?conocimiento|se ha desmayado|se desmayo"
        r"|me desmaye|me he desmayado|desmayad[oa])\b",
    ),
    Rule(
        "unconscious",
        r"\b(?:inconsciente|sin conocimiento)\b|\bno (?:responde|reacciona)\b",
        weak=True,
    ),
    Rule(
        "unconscious",
        r"\bno (?:se despierta|despierta|consigo despertar|conseguimos despertar"
        r"|podemos despertar|se mueve ni habla)\b",
    ),
    # -- sepsis named by the writer
    Rule("sepsis", r"\b(?:sepsis|septic|septicaemia|septicemia|septicemia)\b", weak=True),
    # -- seizure
    Rule(
        "seizure",
        r"\b(?:having|had|has|is having|in) (?:a |another )?(?:seizure|fit|convulsion)"
        r"s?\b|\b(?:fitting|convulsing|seizing)\b|\beyes (?:are )?rolling\b"
        r"|\bwont stop shaking\b",
    ),
    Rule("seizure", r"\b(?:seizure|seizures|convulsion|convulsions)\b", weak=True),
    Rule(
        "seizure",
        r"\b(?:convulsionando|convulsiona|convulsiono|tiene convulsiones"
        r"|tuvo convulsiones|le ha dado una convulsion|(?:esta teniendo|ha tenido|le ha dado"
        r"|tiene|tuvo) (?:un |una )?(?:ataque epileptico|crisis epileptica|crisis convulsiva))\b",
    ),
    Rule(
        "seizure",
        r"\b(?:ataques? epileptic[oa]s?|crisis epileptic[oa]s?|crisis convulsivas?)\b",
        weak=True,
    ),
    Rule("seizure", r"\bconvulsion(?:es)?\b", weak=True),
    # -- fever during chemotherapy (neutropenic sepsis)
    Rule("fever_on_chemo", _FEVER, weak=True, requires=_ON_CHEMO),
    # -- spinal cord compression
    Rule(
        "spinal_cord_compression",
        r"\b(?:sudden|suddenly) (?:\w+ ){0,3}(?:weak\w*|numb\w*"
        r"|paralys\w*) (?:in |of )?(?:both |my |his |her )?(?:legs?|feet)\b"
        r"|\blegs? (?:suddenly )?(?:gave way|went weak|gone weak|stopped working)\b",
    ),
    Rule(
        "spinal_cord_compression",
        rf"\b{CANT} (?:feel|move|lift|stand on) (?:my|his|her|their|"
        r"both) (?:\w+ )?(?:legs?|feet)\b",
    ),
    Rule(
        "spinal_cord_compression",
        r"\b(?:numb\w*|tingl\w*|no feeling) (?:\w+ ){0,2}"
        r"(?:between (?:my|his|her) legs|in (?:my|his|her) (?:groin|bottom|buttocks|genitals))"
        r"|\bsaddle (?:numbness|anaesthesia|anesthesia)\b",
    ),
    Rule(
        "spinal_cord_compression",
        rf"\b{CANT} (?:control|hold) (?:my|his|her) (?:bladder|bowels?"
        r"|pee|wee|urine|poo)\b|\blost control of (?:my|his|her) (?:bladder|bowels?)\b"
        r"|\b(?:wet|soiled) (?:myself|himself|herself)\b",
    ),
    Rule(
        "spinal_cord_compression",
        r"\bno (?:puedo|puede) mover (?:\w+ )?las piernas\b"
        r"|\bno (?:siento|siente|noto|nota) (?:\w+ )?(?:las piernas|los pies)\b"
        r"|\b(?:perdida de fuerza|debilidad) (?:repentina |subita )?en (?:las|ambas) piernas"
        r"\b.{0,30}\b(?:repente|repentin\w*|subit\w*)?",
    ),
    Rule(
        "spinal_cord_compression",
        r"\bno (?:controlo|controla|puedo controlar|puede controlar|"
        r"aguanto|retengo) (?:la orina|el pis|la vejiga|el esfinter|los esfinteres|las heces)\b"
        r"|\b(?:me|se) (?:he |ha )?(?:hecho|hice|hizo) (?:pis|caca) encima\b"
        r"|\b(?:me|se) (?:he |ha )?(?:orinado|orino|meado|meo) encima\b"
        r"|\bde repente no (?:puede|puedo|podia) (?:caminar|andar|ponerse de pie|levantarse)\b"
        r"|\b(?:adormecimiento|hormigueo|acorchad\w*) (?:entre las piernas|en la zona genital"
        r"|en las nalgas)",
    ),
    # -- sudden confusion
    Rule(
        "confusion",
        r"\b(?:confused|disoriented|disorientated|delirious)\b.{0,40}\b(?:suddenly"
        r"|all of a sudden|out of nowhere|since (?:this morning|last night|today|an hour))",
    ),
    Rule(
        "confusion",
        r"\b(?:sudden|suddenly) (?:\w+ )?(?:confused|confusion|disoriented"
        r"|disorientated|delirious)\b|\b(?:confused|delirious|disorientated|disoriented) "
        r"(?:all of a sudden|suddenly)\b",
    ),
    Rule(
        "confusion",
        r"\b(?:doesnt|does not|didnt|did not|cant|cannot|can not|no longer|wont|isnt) "
        r"(?:know|recogni[sz]e|recogni[sz]ing) (?:where (?:he|she|they) (?:is|are)|who (?:i|we) "
        r"(?:am|are)|me|us|any of us|anyone|anybody|(?:his|her|their) (?:own )?(?:wife|husband"
        r"|family|kids|children|son|daughter|mum|mom|dad|mother|father))\b",
    ),
    Rule(
        "confusion",
        r"\b(?:confus[oa]|desorientad[oa]|delirando)\b.{0,40}\b(?:de repente|de golpe"
        r"|repentin\w*|subit\w*|desde (?:esta manana|anoche|hoy|hace un rato))"
        r"|\bde repente (?:\w+ ){0,3}(?:confus[oa]|desorientad[oa])\b"
        r"|\bconfusion (?:repentina|subita|aguda)\b",
    ),
    Rule(
        "confusion",
        r"\b(?:sudden\w*|all of a sudden|out of nowhere)\b.{0,60}\btalking (?:nonsense|gibberish"
        r"|rubbish)\b|\btalking (?:nonsense|gibberish)\b.{0,40}\b(?:sudden\w*|all of a sudden"
        r"|out of nowhere)\b|\bde repente\b.{0,40}\b(?:dice|habla|decir) (?:cosas )?sin sentido\b",
    ),
    Rule(
        "confusion",
        r"\bno (?:nos|me|la|le|lo) reconoce\b|\bno sabe (?:donde esta|quien soy"
        r"|quienes somos)\b",
    ),
    # -- stroke
    Rule(
        "stroke",
        rf"\b(?:sudden|suddenly) (?:\w+ ){{0,2}}{CANT} (?:speak|talk|move (?:his|her|my)"
        r" (?:arm|leg|hand)|see|understand|lift (?:his|her|my) arm)\b|\bde repente (?:\w+ )?no "
        r"(?:puede|puedo) (?:hablar|mover el brazo|mover la pierna|ver)\b",
    ),
    Rule(
        "stroke",
        rf"\b{CANT} (?:speak|talk) properly\b|\b(?:speech|words) (?:is |are )?"
        r"(?:garbled|jumbled|slurred)\b",
    ),
    Rule(
        "stroke",
        r"\bface (?:is )?(?:drooping|droops|has dropped)\b|\bdrooping on one side\b"
        r"|\bslurr\w*\b|\bhaving a stroke\b|\bstroke symptoms\b",
    ),
    Rule(
        "stroke",
        r"\b(?:arm|leg|arm and leg|hand|face|one side)(?: of (?:his|her|my) (?:body|face))? "
        r"(?:has |have |just |suddenly )*(?:gone|went|going) (?:all )?(?:weak|numb|floppy|dead)\b"
        r"|\bse (?:le|me) (?:ha |han )?(?:dormido|paralizado) (?:medio cuerpo|la mitad del cuerpo"
        r"|un lado|el lado)\b|\bno (?:le|me) salen las palabras\b|\bhabla como (?:si "
        r"estuviera )?borrach[oa]\b|\bse (?:le|me) cae (?:el|la|las|los) \w+ de la mano\b",
    ),
    Rule(
        "stroke",
        r"\b(?:cara|boca) (?:torcida|caida|desviada)\b|\bse (?:le|me) (?:ha )?(?:torcido|caido"
        r"|desviado|torcio|cayo|desvio) (?:la boca|la cara)\b|\bno (?:puede|puedo) hablar "
        r"bien\b|\barrastra (?:las palabras|la lengua)\b|\b(?:un )?ictus\b|\bderrame cerebral\b",
    ),
    # -- sudden severe headache
    Rule(
        "severe_headache",
        r"\bworst headache\b|\b(?:sudden|suddenly) (?:\w+ )?(?:severe )?"
        r"headache\b|\bheadache (?:\w+ ){0,3}(?:sudden|suddenly|out of nowhere)\b",
    ),
    Rule(
        "severe_headache",
        r"\bdolor de cabeza (?:\w+ ){0,4}(?:repentino|subito|de repente"
        r"|insoportable)\b|\bpeor dolor de cabeza\b",
    ),
    # -- allergic reaction and swelling that blocks breathing
    Rule(
        "allergic_reaction",
        r"\bthroat (?:\w+ ){0,4}(?:closing|swelling|swollen|tightening"
        r"|closed)\b|\b(?:tongue|lips) (?:\w+ )?(?:swelling|swollen|swelled)\b"
        r"|\banaphyla\w*\b",
    ),
    Rule(
        "allergic_reaction",
        r"\b(?:se me|se le) (?:esta |estan |ha |han )?(?:cierra|cerrando|cerrado|hincha|hinchan"
        r"|hinchando|hinchado) (?:\w+ )?(?:la garganta|la lengua|los labios|la cara)\b"
        r"|\banafila\w*\b",
    ),
    # a tight throat and trouble swallowing or breathing during or after an infusion
    Rule(
        "allergic_reaction",
        r"\bthroat (?:\w+ ){0,3}tight\b|\b(?:struggling|unable|cant|cannot|hard) (?:to )?swallow",
        requires=rf"\b{TREATMENT}\b|\binfusion\b|\bdrip\b",
    ),
    Rule(
        "breathing",
        r"\b(?:face|neck) (?:and (?:my |his |her )?(?:face|neck) )?(?:\w+ )?"
        r"(?:swollen|swelled|swelling)\b.{0,60}\b(?:breath\w*|breathe)\b",
    ),
    Rule(
        "breathing",
        r"\b(?:struggling|fighting|battling) (?:to (?:get|catch) )?(?:my |his |her )?breath\b"
        r"|\b(?:struggling|fighting) to breathe\b",
    ),
    Rule("bleeding", r"\b(?:thrown|threw|throwing|brought|bringing) up (?:\w+ )?blood\b"),
    Rule(
        "spinal_cord_compression",
        r"\bnumb (?:\w+ )?from the (?:waist|chest|hips?) down\b"
        r"|\bdormid[oa] (?:\w+ )?de (?:la cintura|las caderas) (?:para|hacia) abajo\b",
    ),
    Rule(
        "allergic_reaction",
        r"\bgarganta cerrada\b|\bme cuesta (?:tragar|respirar)\b|\btongue (?:feels|is|looks) "
        r"(?:\w+ )?(?:huge|massive|thick|fat|enormous|big)\b|\b(?:face|lips|eyes) (?:is |are )?"
        r"(?:swelling|puffing) up\b",
        requires=rf"\b{TREATMENT}\b|\binfusion\b|\bdrip\b|\bgoteo\b",
    ),
    # -- asking whether to call emergency services
    Rule(
        "chest_pain",
        r"\b(?:me|le) (?:aprieta|oprime) (?:mucho )?el pecho\b"
        r"|\b(?:presion|opresion) (?:muy )?(?:fuerte )?en el pecho\b",
    ),
    Rule(
        "spinal_cord_compression",
        r"\b(?:de repente|de golpe|suddenly) (?:\w+ )?no (?:me|le) (?:sostienen|aguantan"
        r"|responden) las piernas\b|\blas piernas no (?:me|le) (?:sostienen|aguantan|responden)\b",
    ),
    Rule(
        "severe_headache",
        r"\b(?:me|le) duele la cabeza como nunca\b|\bdolor de cabeza como nunca\b"
        r"|\bheadache (?:like|worse than) (?:\w+ ){0,2}(?:ever|never)\b",
    ),
    Rule(
        "bleeding",
        rf"\bnose ?bleeds? (?:\w+ )?{WONT} stop\b|\bnose (?:\w+ )?{WONT} stop bleeding\b",
    ),
    Rule(
        "emergency_services",
        r"\b(?:should|do|shall) (?:i|we) (?:call|ring|phone|dial) "
        r"(?:an ambulance|999|911|112|000|emergency|a&e|the paramedics)\b"
        r"|\b(?:llamo|llamamos|llamar) (?:al 112|a urgencias|a emergencias|a una ambulancia"
        r"|al 061|al 911)\b",
    ),
)

# See a doctor -------------------------------------------------------------------------

SEE_DOCTOR_GUARDS: Final[tuple[str, ...]] = (
    # Good news shared, not a result to read ("my bloods were fine!").
    rf"\b(?:my|mi|mis) (?:\w+ ){{0,3}}{TEST} (?:\w+ ){{0,3}}(?:were|was|are|is|came back|come back"
    r"|salieron|salio|ha salido|han salido|estan|esta|son|es) (?:all |todo |todos )?(?:fine|clear"
    r"|normal|good|ok|okay|great|perfect|bien|normales|perfect[oa]s?|limpi[oa]s?)\b(?![^.!]*\?)",
    # Lifestyle questions next to a treatment word are general information.
    r"\b(?:can|could|should|may) (?:i|we|you) (?:still )?(?:cut(?! down| back)|dye|colou?r|shave"
    r"|wash|wear|eat|drink|exercise|work|travel|fly|drive|swim|kiss|hug|sleep|tell|ask|say|talk"
    r"|go (?:to (?:work|the|a|school|church)|on holiday|out|abroad|swimming|back to work)"
    r"|speak|help|support|claim|apply|bring|expect|prepare|find|get a wig)\b",
    r"\b(?:puedo|podemos|debo|deberia) (?:\w+ )?(?:comer|beber|cortarme|tenirme|ducharme"
    r"|trabajar|viajar|conducir|hacer ejercicio|decirle|contarle|hablar|pedir la baja)\b",
)

SEE_DOCTOR_RULES: Final[tuple[Rule, ...]] = (
    # -- stopping, skipping or changing one's own treatment or dose
    Rule(
        "treatment_change",
        rf"\b(?:should|can|could|may|must|shall|is it ok(?:ay)? (?:for me )?"
        rf"(?:to|if)|is it safe (?:for me )?to|is it bad (?:for me )?to|am i allowed to|"
        rf"would it be ok(?:ay)? (?:to|if)|do i (?:need|have) to|i want to|i wanna|wants? to|"
        rf"wanting to|"
        rf"thinking (?:of|about)|considering|ive decided to|i decided to|i have decided to|"
        rf"im going to|i am going to|planning to|i might|tempted to) (?:i |we )?(?:just )?"
        rf"(?:stop|stopping|quit|quitting|skip|skipping|miss|missing|pause|pausing|change"
        rf"|changing|switch|switching|lower|lowering|reduce|reducing|increase|increasing|raise"
        rf"|double|doubling|halve|halving|cut down|cut back|cutting down|come off|coming off"
        rf"|go off|give up|giving up|drop|dropping|delay|delaying|postpone|postponing|refuse"
        rf"|refusing|decline|declining|keep taking|continue|continuing|carry on|stay on|"
        rf"take a break from|take less|take more|take two|take double|adjust|wean)\b"
        rf"(?: \w+){{0,6}} (?:{TREATMENT}|my \w+|it|them|dose|course)\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:double|doubling|halve|halving|skip|skipping|stop|stopping) "
        r"my (?:\w+ )?(?:dose|dosage|tablets?|pills?|meds|medication)\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:forgot|forgotten|missed|forget) (?:to take )?(?:my |a |one )?"
        r"(?:\w+ )?(?:dose|tablet|pill|meds|medication|injection|capsule|capecitabine|\w+ine"
        r"|\w+ole|\w+fen|\w+mab|\w+nib)\b",
    ),
    Rule(
        "treatment_change",
        rf"\b(?:stop|quit|skip|come off|give up) (?:my |the )?{TREATMENT}\b"
        r".{0,40}\b(?:ok|okay|fine|safe|bad|alright|dangerous|matter)\b",
    ),
    Rule(
        "treatment_change",
        rf"\b(?:debo|deberia|puedo|podria|tengo que|hay que|es malo|pasa "
        rf"algo si|quiero|quisiera|quiere|queremos|estoy pensando(?: en)?|pienso|he decidido|voy a"
        rf"|me planteo|me conviene|conviene|me apetece) (?:\w+ )?(?:dejar|parar|suspender|abandonar"
        rf"|posponer|postergar"
        rf"|interrumpir|cambiar|cambiarme|saltarme|saltar|subir|bajar|aumentar|reducir|doblar"
        rf"|duplicar|quitar|quitarme|retrasar|aplazar|seguir|continuar|no (?:hacerme|tomar"
        rf"|seguir|ponerme))\b(?: \w+){{0,6}} (?:{TREATMENT}|de tomar|la|el|los|las)\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:debo|deberia|puedo|podria|me puedo|tengo que|quiero|quisiera|voy a|pienso"
        r"|es malo|es peligroso) (?:\w+ )?(?:volver a )?(?:dejar|parar|suspender|quitar|cambiar"
        r"|saltar|subir|bajar|aumentar|reducir|doblar|duplicar|retrasar|aplazar|tomar)(?:la|lo|las"
        r"|los|mela|melo|melas|melos)\b",
        requires=rf"\b{TREATMENT}\b",
    ),
    Rule(
        "treatment_change",
        rf"\b(?:dejo|paro|suspendo|abandono|me salto|cambio|subo|bajo) "
        rf"(?:la|el|los|las|mi|mis) (?:\w+ )?{TREATMENT}\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:se me olvido|olvide|me olvide de|me salte) (?:tomar )?"
        r"(?:la|el|una|mi) (?:\w+ )?(?:pastilla|dosis|toma|comprimido|inyeccion)\b",
    ),
    Rule("treatment_change", r"\bme tomo (?:dos|el doble|otra)\b"),
    Rule(
        "treatment_change",
        rf"\b(?:thinking (?:of|about)|considering|decided|deciding|might"
        rf"|planning on|want to|going to|tempted to|rather) (?:not|never) (?:\w+ )?(?:do|doing"
        rf"|have|having|take|taking|finish|finishing|start|starting|go|going|turn up|attend\w*"
        rf"|continue|continuing)\b(?: \w+){{0,5}} (?:{TREATMENT}|it)\b",
    ),
    Rule(
        "treatment_change",
        rf"\bis it (?:\w+ )?(?:ok(?:ay)?|safe|dangerous|bad|risky|harmful"
        rf"|alright|fine) (?:for me )?to (?:just )?(?:stop|skip|quit|come off|double|halve|change"
        rf"|miss|delay|reduce|lower|increase|pause|cut down)\b(?: \w+){{0,4}} (?:{TREATMENT}"
        rf"|\w+)\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:es (?:malo|peligroso|grave|arriesgado)|pasa (?:algo|nada)"
        r"|que pasa) (?:si|que) (?:\w+ )?(?:dejo|deje|paro|pare|me salto|me salte|abandono"
        r"|abandone|suspendo|suspenda|cambio|cambie|bajo|baje|subo|suba|no me tomo|no tomo"
        r"|no me hago|retraso|retrase)\b",
    ),
    Rule(
        "treatment_change",
        rf"\b(?:sigo|continuo) con (?:el|la|los|las|mi|mis) (?:\w+ )?"
        rf"{TREATMENT}\b|\bo (?:lo|la|los|las) dejo\b",
    ),
    # -- whether to take a medicine, supplement or vaccine
    Rule(
        "medicine_use",
        rf"\b(?:should|can|could|may|must|shall) i (?:still |also )?"
        rf"(?:be )?(?:take|taking|have|having|get|getting|use|using|start|starting|mix"
        rf"|combine|add|try|keep|go on|drink)\b(?: \w+){{0,6}} (?:{TREATMENT}|my \w+)\b",
    ),
    Rule(
        "medicine_use",
        rf"\b(?:is it|would it be) (?:ok(?:ay)?|safe|fine|alright|bad|dangerous)"
        rf" for me to (?:\w+ ){{0,4}}{TREATMENT}\b",
    ),
    Rule(
        "medicine_use",
        r"\b(?:is it|would it be) (?:ok(?:ay)?|safe|fine|alright|bad|dangerous)"
        r" (?:for me )?(?:to|if i) (?:\w+ ){0,4}my \w+",
    ),
    Rule(
        "treatment_change",
        rf"\b(?:dont|do not|didnt|no longer) (?:\w+ )?(?:want|wanna|feel like)"
        rf" (?:to )?(?:do|have|continue|start|take|go through|keep|carry on with|finish)\b"
        rf"(?: \w+){{0,4}} (?:{TREATMENT})\b",
    ),
    Rule(
        "medicine_use",
        rf"\b(?:puedo|podria|debo|deberia|me puedo|es (?:seguro|bueno|malo"
        rf"|peligroso) para mi) (?:\w+ )?(?:tomar|tomarme|usar|ponerme|vacunarme|combinar"
        rf"|mezclar|empezar|iniciar|hacerme|beber|probar|seguir tomando|recibir)\b"
        rf"(?: \w+){{0,6}} (?:{TREATMENT}|gripe|covid)\b",
    ),
    Rule(
        "medicine_use",
        rf"\b(?:me )?(?:tomo|pongo|uso|aplico|tomamos|le doy|le pongo) (?:el|la|los|las|mi|mis"
        rf"|su|sus) (?:\w+ ){{0,2}}?{TREATMENT} (?:\w+ ){{0,2}}?(?:antes|despues|a la vez|junto"
        rf"|con|sin|en ayunas|por la (?:manana|noche))\b"
        rf"|\bdo (?:i|we) (?:take|have|use|give) (?:my|the|his|her) (?:\w+ ){{0,2}}?{TREATMENT} "
        rf"(?:\w+ ){{0,2}}?(?:before|after|with|together|at the "
        rf"same time|on an empty stomach|in the (?:morning|evening))\b",
    ),
    Rule(
        "medicine_use",
        rf"\bme (?:tomo|pongo|pincho|inyecto) (?:el|la|los|las|un|una|mi) "
        rf"(?:\w+ )?{TREATMENT}\b",
    ),
    Rule(
        "medicine_use",
        r"\bhow (?:much|many|often|long) (?:\w+ ){0,4}(?:can|should|do|must) "
        r"(?:i|we) (?:take|have|use|give)\b|\bcuant[oa]s? (?:\w+ ){0,4}(?:puedo|debo|tengo que"
        r"|podemos|debemos|le puedo|le doy) (?:tomar|tomarme|ponerme|usar|darle)\b",
    ),
    Rule(
        "medicine_use",
        r"\b(?:is it|would it be) (?:ok(?:ay)?|safe|fine|alright|bad|dangerous) for (?:my|him"
        r"|her|them) (?:\w+ )?to (?:take|have|use|get|try)\b",
        requires=rf"\b{TREATMENT}\b",
    ),
    # -- a dose taken twice by mistake
    Rule(
        "treatment_change",
        r"\b(?:accidentally|by mistake|by accident|sin querer|por error|por equivocacion) "
        r"(?:\w+ ){0,3}(?:took|taken|take|had|tome|me tome|tomo|me he tomado)\b.{0,40}"
        r"\b(?:two|twice|double|extra|another|dos|doble|otra)\b"
        r"|\b(?:took|taken|had|me tome|tome|me he tomado) (?:\w+ ){0,6}(?:twice|two doses"
        r"|a double dose|dos veces|doble dosis|dos dosis)\b",
    ),
    # -- whether to have, accept or refuse a treatment
    Rule(
        "treatment_decision",
        r"\b(?:choice|choose|choosing|decide|deciding|decision|elegir|decidir|escoger|opcion"
        r"|opciones) (?:\w+ ){0,3}(?:between|entre)\b|\b(?:what would you do|how do (?:we|i) "
        r"(?:choose|decide|pick)|which (?:one )?(?:is|would be) better|que (?:me|le|nos) conviene"
        r"(?: mas)?|vale la pena|is it worth (?:it|carrying on|continuing|staying on|going on))\b"
        r"|\b(?:i|we) (?:have|need|must|got) (?:to )?(?:decide|choose)\b|\bpuedo negarme\b",
        requires=rf"\b{TREATMENT}\b|\b(?:surgery|surveillance|vigilancia|supportive care)\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:push|pushing|put|putting|move|moving) (?:my |the |his |her )?(?:\w+ ){0,2}"
        r"(?:back|off)\b|\btake (?:\w+ ){1,2}off (?:his|her|their|my) \w+"
        r"|\b(?:bajarse|subirse|quitarse|saltarse|dejarse|cambiarse) (?:la|el|las|los) \w+"
        r"|\by dejar (?:la|el|los|las|mi|mis|su|sus) \w+|\bpor su cuenta\b",
        requires=rf"\b{TREATMENT}\b",
    ),
    Rule(
        "treatment_change",
        r"\b(?:threw up|thrown up|vomited|was sick|been sick|vomite|devolvi|he vomitado)\b"
        r".{0,60}\b(?:another|otra|again|de nuevo|repeat|repito)\b"
        r"|\b(?:take|tomo|tomar|retake) (?:another|otra) (?:dose|dosis|tablet|pastilla)\b",
        requires=rf"\b{TREATMENT}\b",
    ),
    Rule(
        "medicine_use",
        r"\bis (?:\w+ ){1,3}(?:safe|ok|okay|alright|compatible|fine) (?:to take )?(?:with|alongside"
        r"|while on|during)\b|\bes (?:compatible|seguro|bueno|malo|peligroso) (?:tomar|usar"
        r"|ponerme)\b|\b(?:tomo|tomar|me tomo|le doy|darle|le puedo dar|me pongo"
        r"|me (?:la|lo) pongo|me vacuno|vacunarme) .{0,40}\bestando con\b",
        requires=rf"\b{TREATMENT}\b",
    ),
    Rule(
        "treatment_decision",
        r"\bwhich (?:one )?(?:would|should) (?:you|i|we) (?:pick|choose|go for|do|have)\b"
        r"|\b(?:cual|que) (?:elegiriais|elegirias|elegiria usted|elegirian|escogeriais"
        r"|escogerias|escogerian|harias tu|hariais|haria usted)\b"
        r"|\bque es mejor para (?:el|ella|mi|nosotros|mi \w+)\b",
        requires=rf"\b{TREATMENT}\b|\b(?:or|o|u)\b",
    ),
    Rule("treatment_decision", rf"\b(?:should|shall) (?:i|we) (?:\w+ ){{0,6}}{TREATMENT}\b"),
    Rule(
        "treatment_decision",
        rf"\b{TREATMENT}\b.{{0,60}}\bshould (?:he|she|they|we|i)\b"
        rf"|\bshould (?:he|she|they|my \w+) (?:\w+ ){{0,6}}{TREATMENT}\b",
    ),
    Rule(
        "treatment_decision",
        rf"\b(?:recommend|advise|suggest) (?:that )?(?:i|we) (?:\w+ ){{0,5}}"
        rf"(?:{TREATMENT}|go ahead|go for it)\b",
    ),
    Rule(
        "treatment_decision",
        rf"\b(?:wants?|told|advised|advises|offered|recommend(?:s|ed)?"
        rf"|suggest(?:s|ed)?|asked) me (?:to )?(?:start|have|take|try|begin|do|go on|stop"
        rf"|switch|change)\b(?: \w+){{0,4}} {TREATMENT}\b",
        requires=r"\b(?:good idea|not sure|should|worth|unsure|dont know|do not know"
        r"|what do you think|wise|right choice|right thing)\b|\?",
    ),
    Rule(
        "treatment_decision",
        rf"\b(?:do|must) (?:i|we) (?:really )?(?:have to|need to|need)"
        rf" (?:do|have|get|go through|take|start|continue|finish)\b(?: \w+){{0,4}} {TREATMENT}\b",
    ),
    Rule(
        "treatment_decision",
        r"\bno se si (?:\w+ )?(?:operarme|hacerme|tomar|aceptar|empezar"
        r"|dejar|seguir|ponerme|rechazar|probar)\b|\b(?:not sure|unsure|dont know|do not know"
        rf"|cant decide|cannot decide) (?:if|whether) (?:i should |to )?(?:\w+ )?(?:have|do|start"
        rf"|stop|take|accept|refuse|go ahead|try|continue)\b(?: \w+){{0,5}} {TREATMENT}\b",
    ),
    Rule(
        "treatment_decision",
        r"\b(?:should|shall) i (?:do it|go ahead|go for it|accept|agree"
        r"|sign up|say yes|say no|have it|trust)\b",
    ),
    Rule(
        "treatment_decision",
        rf"\b(?:debo|deberia|me conviene|conviene que|es mejor que) (?:\w+ )?(?:hacer|hacerme"
        rf"|tener|seguir con|empezar con) (?:\w+ ){{0,3}}?(?:{TREATMENT}|biopsia\w*|prueba\w*"
        rf"|histerectomia|ovariectomia|colostomia|quimio\w*)\b",
    ),
    Rule(
        "treatment_decision",
        r"\b(?:debo|deberia|me conviene|conviene que) (?:\w+ )?"
        r"(?:operarme|aceptar|rechazar|empezar|iniciar|hacerme|pedir|probar|participar"
        r"|entrar|ponerme|someterme)\b",
    ),
    Rule(
        "treatment_decision",
        r"\b(?:la|lo|las|los|me) (?:hago|acepto|empiezo|opero|pongo|tomo) o no\b"
        r"|\b(?:la|lo|las|los) (?:hago|acepto|empiezo|rechazo) ?\?"
        r"|\bme (?:opero|cambio (?:al|a la|de))\b|\bo sigo con\b",
    ),
    Rule(
        "treatment_decision",
        r"\b(?:second opinion|segunda opinion)\b.{0,40}"
        r"\b(?:should|debo|deberia|operar\w*|surgery|before)\b"
        r"|\b(?:should|debo|deberia) (?:\w+ )?(?:get|ask for|pedir) (?:a |una )?"
        r"(?:second opinion|segunda opinion)\b",
    ),
    # -- reading one's own results
    Rule(
        "own_results",
        r"\b(?:en|in) (?:la|el|my|mi|su|his|her) (?:\w+ )?(?:analitica|analisis|informe|tac"
        r"|resonancia|pet|biopsia|blood test|bloods|report|scan)\b.{0,40}\b(?:me sale|le sale"
        r"|sale|salen|pone|dice|says|shows|came back)\b"
        r"|\b(?:me|le) salio (?:el|la) (?:\w+ )?(?:pet|tac|analitica|resonancia|biopsia"
        r"|marcador|escaner)\b",
    ),
    Rule(
        "own_results",
        rf"\b(?:my|mi|mis|his|her|su|sus) (?:\w+ ){{0,3}}{TEST}\b(?: \w+){{0,8}}"
        r" (?:says?|said|shows?|showed|shown|came back|come back|reads?|mentions?|is|was|are"
        r"|were|went|gone|has gone|rose|risen|dropped|doubled|at|of|dice|decia|pone|sale|salen"
        r"|salio|ha salido|han salido|esta|estan|ha subido|han subido|ha bajado|han bajado"
        r"|indica|muestra|habla de|elevad[oa]s?|alt[oa]s?|baj[oa]s?)\b",
    ),
    Rule(
        "own_results",
        rf"\b(?:my|mi|mis) (?:\w+ ){{0,3}}{TEST}\b.{{0,60}}\b(?:mean|means|meaning"
        r"|significa|quiere decir|bad|worried|worry|grave|malo|preocup\w*|normal)\b",
    ),
    Rule(
        "own_results",
        r"\bmeans? (?:for (?:me|my|us|him|her)|in my case)\b|\bsignifica "
        r"(?:para mi|en mi caso)\b",
    ),
    Rule(
        "own_results",
        r"\bwhat (?:does|do) (?:my|this|these|the) .{0,60}\bmean\b.{0,30}"
        r"\b(?:for me|my)\b|\bwhat (?:does|do) my\b.{0,60}\bmean\b"
        r"|\b(?:que|qu) (?:significa|quiere decir|significan|quieren decir) (?:mi|mis)\b",
    ),
    Rule(
        "own_results",
        rf"\b(?:the|el|la) (?:\w+ )?{TEST} (?:\w+ )?(?:says|said|shows|dice|pone)"
        r"\b.{0,80}\b(?:mean|significa|quiere decir|my|mi)\b",
    ),
    Rule(
        "own_results",
        rf"\b(?:tengo|tiene|me sale|le sale|me salio|me han dicho que tengo) "
        rf"(?:el|la|los|las|un|una)? ?{TEST} (?:en|a|de|alt[oa]s?|baj[oa]s?|elevad[oa]s?)\b",
    ),
    Rule(
        "own_results",
        r"\b(?:my|his|her) (?:\w+ ){0,2}(?:tumou?r|lump|nodule|lesion|mass|cyst"
        r"|polyp|node|lymph node) (?:is|was|measures|measured|has grown|grew|is now|has shrunk)\b"
        r"|\b(?:mi|su) (?:\w+ ){0,2}(?:tumor|bulto|nodulo|lesion|masa|quiste|polipo|ganglio) "
        r"(?:mide|es de|ha crecido|ha disminuido|esta en|media)\b",
    ),
    Rule(
        "own_results",
        r"\bmy (?:\w+ ){0,2}(?:results?|report|scan|psa|levels?|count|markers?)"
        r" (?:\w+ )?(?:is|are|was|were) (?:\w+ )?(?:high|low|raised|up|down|abnormal"
        r"|elevated|\d)",
    ),
)
