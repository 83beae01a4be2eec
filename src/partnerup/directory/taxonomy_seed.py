"""The oncology taxonomy PartnerUp ships with: (facet, key, English, Norwegian Bokmål).

Loaded by a data migration; organisers edit terms afterwards. Keys never change once shipped.
"""

TERMS: list[tuple[str, str, str, str]] = [
    # Cancer types
    ("cancer_type", "breast", "Breast cancer", "Brystkreft"),
    ("cancer_type", "lung-nsclc", "Non-small cell lung cancer", "Ikke-småcellet lungekreft"),
    ("cancer_type", "lung-sclc", "Small cell lung cancer", "Småcellet lungekreft"),
    ("cancer_type", "colorectal", "Colorectal cancer", "Tarmkreft"),
    ("cancer_type", "prostate", "Prostate cancer", "Prostatakreft"),
    ("cancer_type", "melanoma", "Melanoma", "Føflekkreft"),
    ("cancer_type", "pancreatic", "Pancreatic cancer", "Bukspyttkjertelkreft"),
    ("cancer_type", "ovarian", "Ovarian cancer", "Eggstokkreft"),
    ("cancer_type", "gastric", "Gastric cancer", "Magekreft"),
    ("cancer_type", "liver", "Liver cancer", "Leverkreft"),
    ("cancer_type", "glioma", "Brain tumours and glioma", "Hjernesvulster og gliom"),
    ("cancer_type", "head-neck", "Head and neck cancer", "Hode- og halskreft"),
    ("cancer_type", "bladder", "Bladder cancer", "Blærekreft"),
    ("cancer_type", "kidney", "Kidney cancer", "Nyrekreft"),
    ("cancer_type", "leukaemia", "Leukaemia", "Leukemi"),
    ("cancer_type", "lymphoma", "Lymphoma", "Lymfom"),
    ("cancer_type", "myeloma", "Multiple myeloma", "Myelomatose"),
    ("cancer_type", "sarcoma", "Sarcoma", "Sarkom"),
    ("cancer_type", "paediatric", "Childhood cancers", "Kreft hos barn"),
    ("cancer_type", "neuroendocrine", "Neuroendocrine tumours", "Nevroendokrine svulster"),
    ("cancer_type", "pan-tumour", "Pan-tumour (tumour-agnostic)", "Pan-tumor (tumoragnostisk)"),
    # Targets and biomarkers
    ("target", "egfr", "EGFR", "EGFR"),
    ("target", "kras-g12c", "KRAS G12C", "KRAS G12C"),
    ("target", "kras-other", "KRAS (other mutations)", "KRAS (andre mutasjoner)"),
    ("target", "her2", "HER2", "HER2"),
    ("target", "brca", "BRCA1/2", "BRCA1/2"),
    ("target", "msi-h", "MSI-H / dMMR", "MSI-H / dMMR"),
    ("target", "pd-l1", "PD-L1", "PD-L1"),
    ("target", "ntrk", "NTRK fusions", "NTRK-fusjoner"),
    ("target", "alk", "ALK rearrangements", "ALK-rearrangementer"),
    ("target", "ros1", "ROS1 fusions", "ROS1-fusjoner"),
    ("target", "braf-v600e", "BRAF V600E", "BRAF V600E"),
    ("target", "met", "MET exon 14 skipping", "MET ekson 14-skipping"),
    ("target", "ret", "RET fusions", "RET-fusjoner"),
    ("target", "fgfr", "FGFR alterations", "FGFR-forandringer"),
    ("target", "pik3ca", "PIK3CA", "PIK3CA"),
    ("target", "tmb-h", "Tumour mutational burden (TMB-high)", "Tumormutasjonsbyrde (TMB-høy)"),
    ("target", "psma", "PSMA", "PSMA"),
    ("target", "sstr", "Somatostatin receptor (SSTR)", "Somatostatinreseptor (SSTR)"),
    ("target", "cd19", "CD19", "CD19"),
    ("target", "bcma", "BCMA", "BCMA"),
    ("target", "claudin-18-2", "Claudin 18.2", "Claudin 18.2"),
    ("target", "trop2", "TROP2", "TROP2"),
    ("target", "ctdna", "Circulating tumour DNA (ctDNA)", "Sirkulerende tumor-DNA (ctDNA)"),
    # Modalities
    (
        "modality",
        "small-molecule",
        "Small-molecule targeted therapy",
        "Målrettet småmolekylær terapi",
    ),
    ("modality", "antibody", "Antibodies", "Antistoffer"),
    ("modality", "adc", "Antibody–drug conjugates (ADCs)", "Antistoff–legemiddelkonjugater (ADC)"),
    ("modality", "immunotherapy", "Immunotherapy", "Immunterapi"),
    ("modality", "cell-therapy", "Cell therapy (CAR-T, TCR, TIL)", "Celleterapi (CAR-T, TCR, TIL)"),
    ("modality", "gene-therapy", "Gene therapy", "Genterapi"),
    ("modality", "cancer-vaccine", "Cancer vaccines", "Kreftvaksiner"),
    ("modality", "radiopharmaceutical", "Radiopharmaceuticals", "Radiofarmaka"),
    ("modality", "diagnostics", "Diagnostics and biomarkers", "Diagnostikk og biomarkører"),
    ("modality", "digital-health", "Digital health and AI", "Digital helse og KI"),
    ("modality", "medtech", "Medtech", "Medisinsk teknologi"),
    ("modality", "research-tools", "Research tools and services", "Forskningsverktøy og tjenester"),
    # Development stages
    ("stage", "discovery", "Discovery", "Forskning (discovery)"),
    ("stage", "preclinical", "Preclinical", "Preklinisk"),
    ("stage", "phase-1", "Phase 1", "Fase 1"),
    ("stage", "phase-2", "Phase 2", "Fase 2"),
    ("stage", "phase-3", "Phase 3", "Fase 3"),
    ("stage", "registration", "Registration", "Registrering"),
    ("stage", "marketed", "Marketed", "På markedet"),
    # Partnering interests
    ("interest", "licensing", "Licensing", "Lisensiering"),
    ("interest", "co-development", "Co-development", "Samutvikling"),
    ("interest", "research-collaboration", "Research collaboration", "Forskningssamarbeid"),
    ("interest", "clinical-trial-site", "Clinical-trial site", "Klinisk studiested"),
    ("interest", "investment", "Investment", "Investering"),
    ("interest", "services", "Services", "Tjenester"),
    ("interest", "recruitment", "Recruitment and placements", "Rekruttering og hospitering"),
]


def seed_taxonomy(term_model) -> None:
    """Create or update the shipped terms (labels and order) on `term_model`."""
    positions: dict[str, int] = {}
    for facet, slug, label_en, label_nb in TERMS:
        positions[facet] = positions.get(facet, 0) + 1
        term_model.objects.update_or_create(
            facet=facet,
            slug=slug,
            defaults={"label_en": label_en, "label_nb": label_nb, "position": positions[facet]},
        )
