# Figures and tables of both papers, made from their registries (weaksup.analysis.cwola.figures,
# weaksup.analysis.lp.figures; one style: weaksup.analysis.registry): one rule per output, its
# inputs, params, report section and caption from the registry, one script for all.


for name, output in FIGURES.items():

    rule:
        name:
            name
        input:
            # evaluated for the jobs asked for only: a figure of a study left out names its key
            unpack(lambda wc, entry=output: entry.inputs(config)),
        output:
            **(
                figure_outputs(
                    name,
                    output.category,
                    output.suffix,
                    **({"subcategory": "{scenario}"} if output.scenarios else {}),
                )
                if output.figure
                else {}
            ),
            **(
                {"table": f"results/tables/{name}{output.suffix}.csv"}
                if output.table
                else {}
            ),
        log:
            f"logs/figures/{name}{output.suffix}.log",
        conda:
            "../../envs/workflow.yaml"
        container:
            WORKFLOW_IMAGE
        threads: 1
        resources:
            runtime=20,
            mem_mb=4000,
        params:
            settings=lambda wc, entry=output: entry.settings(config),
        script:
            "../scripts/figure.py"
