# Canada's Criminal Code, as the service publishes it: one place, so a coordinator can correct it.
# Section numbers and legal terms exact; the plain words are ours. The official text governs.
LAW = {
    "citation": {"en": "Criminal Code (R.S.C. 1985, c. C-46)", "fr": "Code criminel (L.R.C. 1985, ch. C-46)"},
    "url": {
        "en": "https://laws-lois.justice.gc.ca/eng/acts/C-46/",
        "fr": "https://laws-lois.justice.gc.ca/fra/lois/C-46/",
    },
    "publisher": {"en": "the Department of Justice Canada", "fr": "le ministère de la Justice du Canada"},
    "lang": "en",
    "motives": {
        "en": [
            "race",
            "national or ethnic origin",
            "language",
            "colour",
            "religion",
            "sex",
            "age",
            "mental or physical disability",
            "sexual orientation",
            "gender identity or expression",
        ],
        "fr": [
            "race",
            "origine nationale ou ethnique",
            "langue",
            "couleur",
            "religion",
            "sexe",
            "âge",
            "déficience mentale ou physique",
            "orientation sexuelle",
            "identité ou expression de genre",
        ],
    },
    "intro": {
        "en": "Canada has no single crime called a hate crime. Under the {citation}, hate counts "
        "in two ways: any crime is punished more heavily when it was motivated by bias, prejudice "
        "or hate based on {motives} or a similar factor, and a few crimes are about hate itself.",
        "fr": "Au Canada, aucun crime ne s'appelle « crime haineux ». Selon le {citation}, la haine "
        "compte de deux façons : tout crime est puni plus sévèrement quand il est motivé par des "
        "préjugés ou de la haine fondés sur : {motives}, ou un facteur semblable; et quelques "
        "crimes portent sur la haine elle-même.",
    },
    "groups": [
        {
            "heading": {"en": "A heavier sentence for any crime:", "fr": "Une peine plus lourde pour tout crime :"},
            "sections": [
                {
                    "number": "718.2(a)(i)",
                    "legal": {"en": "Sentencing: aggravating circumstances", "fr": "Détermination de la peine : circonstances aggravantes"},
                    "plain": {
                        "en": "when the court is shown that hate or prejudice drove a crime, the "
                        "judge must treat it as a reason for a heavier sentence.",
                        "fr": "quand on prouve au tribunal que la haine ou les préjugés ont motivé un "
                        "crime, le juge doit en tenir compte pour alourdir la peine.",
                    },
                },
            ],
        },
        {
            "heading": {"en": "Crimes of hate in themselves:", "fr": "Les crimes de haine en eux-mêmes :"},
            "sections": [
                {
                    "number": "319",
                    "legal": {"en": "Hate propaganda", "fr": "Propagande haineuse"},
                    "plain": {
                        "en": "stirring up hatred against an identifiable group in public, for example "
                        "in a speech, a post or a poster, when it is likely to lead to a breach of the "
                        "peace, or promoting such hatred on purpose.",
                        "fr": "attiser la haine contre un groupe identifiable en public, par exemple "
                        "dans un discours, une publication ou une affiche, quand cela risque de mener "
                        "à la violence, ou fomenter cette haine exprès.",
                    },
                },
                {
                    "number": "430(4.1)",
                    "legal": {
                        "en": "Mischief relating to religious property, educational institutions, etc.",
                        "fr": "Méfait à l'égard de biens religieux, d'établissements d'enseignement, etc.",
                    },
                    "plain": {
                        "en": "damaging a place of worship, a school, a community centre or a cemetery, "
                        "or what is in it, out of hate or prejudice against a group.",
                        "fr": "endommager un lieu de culte, une école, un centre communautaire ou un "
                        "cimetière, ou ce qui s'y trouve, par haine ou préjugé envers un groupe.",
                    },
                },
            ],
        },
    ],
}
