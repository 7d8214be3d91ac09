# The reproduction ledger: every quantitative claim of both papers beside ours, with a verdict
# (package weaksup.ledger; its rule is in docs/explanation/ledger.md).

from weaksup.ledger import table as ledger_table


rule reproduction:
    """results/tables/reproduction.csv: one row per claim of weaksup.ledger.claims.CLAIMS."""
    input:
        unpack(ledger_inputs),
    output:
        report(
            "results/tables/reproduction.csv",
            caption="../report/reproduction.rst",
            category="Reproduction",
        ),
    log:
        "logs/reproduction.log",
    conda:
        "../../envs/workflow.yaml"
    container:
        WORKFLOW_IMAGE
    threads: 1
    resources:
        runtime=10,
        mem_mb=4000,
    params:
        run=ledger_table.run_description(config),
        records=config["reproduction_records"],
    script:
        "../scripts/reproduction.py"
