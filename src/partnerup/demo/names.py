"""Word lists for the demo cluster. All organisations and people are fictional."""

FIRST_NAMES = [
    "Ingrid", "Ola", "Kari", "Lars", "Sofie", "Anders", "Nora", "Henrik", "Emma", "Jonas",
    "Marte", "Eirik", "Ida", "Magnus", "Thea", "Sindre", "Hanne", "Kristian", "Silje", "Per",
    "Astrid", "Tor", "Maja", "Øystein", "Live", "Bjørn", "Frida", "Håkon", "Aisha", "Mohammed",
    "Elena", "Tomasz", "Priya", "Chen", "Fatima", "Lukas", "Amira", "Johan", "Camilla", "Sven",
]
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Lie", "Moen",
    "Strand", "Solberg", "Bakken", "Lund", "Nguyen", "Ali", "Kowalski", "Svensson", "Rahman",
]
PREFIXES = [
    "Nor", "Fjord", "Aurora", "Lyse", "Polar", "Tinde", "Elve", "Skog", "Bre", "Havn", "Solv",
    "Kyst", "Nordlys", "Vinter", "Fonn", "Stjerne", "Myr", "Isbre", "Berg", "Lind", "Ask",
    "Falk", "Ørn", "Glitre", "Vidde", "Sund", "Strand", "Hav", "Lys", "Dal",
]
SUFFIXES = {
    "startup": ["gen", "thera", "onc", "cyte", "nostics", "vax", "path", "ligand", "mab",
                "tide", "omics", "scan", "cure", "immune"],
    "biotech": ["Bio", "Therapeutics", "Biosciences", "Oncology", "Pharma", "Biologics"],
    "investor": ["Ventures", "Capital", "Invest", "Life Science Fund", "Partners"],
    "service": ["Analytics", "Regulatory", "CRO", "Lab Services", "Consulting", "Biobank"],
    "other": ["Forum", "Network", "Foundation"],
}
CITIES = ["Oslo", "Oslo", "Oslo", "Oslo", "Bergen", "Trondheim", "Lysaker", "Tromsø", "Ås",
          "Stavanger", "Stockholm", "Copenhagen"]
TITLES = {
    "pharma": ["Head of External Innovation", "Scouting Lead, Oncology", "Medical Director",
               "Business Development Director", "Country Manager"],
    "startup": ["CEO and co-founder", "CSO", "CTO", "Head of Business Development", "CMO"],
    "biotech": ["CEO", "VP Research", "Head of Clinical Development", "CBO"],
    "academic": ["Professor", "Group leader", "Postdoctoral fellow", "Research scientist"],
    "hospital": ["Senior consultant oncologist", "Head of Clinical Trials Unit",
                 "Research nurse", "Innovation manager"],
    "investor": ["Partner", "Investment Director", "Analyst"],
    "agency": ["Senior adviser", "Programme manager", "Head of life science"],
    "school": ["School coordinator", "Teacher, natural sciences", "Principal"],
    "service": ["Managing director", "Project manager", "Sales manager"],
    "other": ["Director", "Adviser"],
}
