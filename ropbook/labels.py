"""Norwegian names for the data package's coded values, as readers see them in charts."""

FIELD = {
    "psykisk_helse": "Psykisk helse",
    "rus": "Rus",
    "begge": "Rus og psykisk helse",
    "helse_generelt": "Helse generelt",
    "velferd": "Velferd",
}
REFORM_KIND = {
    "reform": "Reform",
    "opptrappingsplan": "Opptrappingsplan",
    "lov": "Lov",
    "forskrift": "Forskrift",
    "retningslinje": "Retningslinje",
    "veileder": "Veileder",
    "stortingsmelding": "Stortingsmelding",
    "strategi": "Strategi",
    "pakkeforlop": "Pakkeforløp",
    "annet": "Annet (utredning, proposisjon, utviklingstrekk)",
}
# Kinds grouped for the timeline's filter buttons.
REFORM_KIND_GROUP = {
    "reform": "Reformer",
    "opptrappingsplan": "Opptrappingsplaner",
    "lov": "Lover og forskrifter",
    "forskrift": "Lover og forskrifter",
    "retningslinje": "Retningslinjer, veiledere og pakkeforløp",
    "veileder": "Retningslinjer, veiledere og pakkeforløp",
    "pakkeforlop": "Retningslinjer, veiledere og pakkeforløp",
    "stortingsmelding": "Meldinger, utredninger og annet",
    "strategi": "Meldinger, utredninger og annet",
    "annet": "Meldinger, utredninger og annet",
}
INSTRUMENT = {
    "oremerkede_tilskudd": "Øremerkede tilskudd",
    "okonomiske_insentiver": "Økonomiske virkemidler (ikke øremerket)",
    "bemanningskrav": "Bemanningskrav",
    "kvalitetskrav": "Kvalitetskrav",
    "lovkrav": "Lovkrav og rettigheter",
    "organisering": "Omorganisering og ansvarsdeling",
    "veiledning": "Veiledning og anbefalinger",
}
INSTRUMENT_SHORT = {
    "oremerkede_tilskudd": "Øremerket",
    "okonomiske_insentiver": "Økonomi",
    "bemanningskrav": "Bemanning",
    "kvalitetskrav": "Kvalitet",
    "lovkrav": "Lov",
    "organisering": "Organisering",
    "veiledning": "Veiledning",
}
METHOD = {
    "oppstartskonferanse": "Oppstartskonferanse",
    "seminar": "Seminar",
    "gruppeintervju": "Gruppeintervju",
    "individuelt_intervju": "Individuelt intervju",
    "fokusgruppe": "Fokusgruppe",
    "mote": "Møter",
    "dokumentstudie": "Dokumenter",
    "concept_mapping": "Concept mapping",
    "observasjon": "Observasjon",
    "analyse": "Analyse",
}
STUDY = {
    "ropit": "ROPIT (tre kommuner)",
    "mellomstor": "Studien av den mellomstore kommunen",
    "master": "Masteroppgaven",
}
STUDY_SHORT = {"ropit": "ROPIT", "mellomstor": "Mellom-<br>stor", "master": "Master-<br>oppg."}
STATUS = {
    "gjennomfort": "Gjennomført",
    "endret": "Endret underveis",
    "ikke_gjennomfort": "Ikke gjennomført",
}
MUNICIPALITY = {"liten": "den lille kommunen", "mellomstor": "den mellomstore kommunen", "storby": "storbykommunen"}
UNIT_KIND = {"enhet": "Virksomhet", "avdeling": "Avdeling", "seksjon": "Seksjon", "team": "Team", "tjeneste": "Tjeneste", "tilbud": "Tilbud"}
QUALITY = {"god": "Fungerer godt", "varierende": "Varierende", "svak": "Svak", "ikke_omtalt": "Ikke vurdert i kilden"}
ASPECT = {
    "storrelse": "Størrelse",
    "organisering_for": "Organisering ved start",
    "organisering_etter": "Organisering senere",
    "endringsstrategi": "Endringsstrategi",
    "fremmer": "Det som hjalp",
    "hemmer": "Det som hemmet",
    "team": "Team og tiltak",
    "brukere": "Brukerne",
    "tjenester": "Tjenestene",
    "annet": "Annet",
}
GROUP = {"bruker": "Brukere", "ansatt": "Ansatte", "leder": "Ledere", "fastlege": "Fastleger", "spesialist": "Spesialisthelsetjenesten", "annet": "Andre"}
LEVEL = {"system": "System", "organisasjon": "Organisasjon", "tjeneste": "Tjeneste", "individ": "Individ"}
REC_LEVEL = {"stat": "Staten", "kommune": "Kommunene", "spesialist": "Spesialisthelsetjenesten", "samarbeid": "Samarbeidet mellom nivåene", "forskning": "Forskningen"}

from .voice import VOICE  # noqa: E402  (who says it: defined with the voice rules in voice.py)
