# The reproduction ledger: every quantitative claim of both papers beside ours, with a verdict
# (module weaksup.ledger.ledger; its rule is in the README, "Reproduction").

from weaksup.ledger import ledger as reproduction


rule reproduction:
    """results/tables/reproduction.csv: one row per claim of reproduction.CLAIMS."""
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
        run=reproduction.run_description(config),
        records=config["reproduction_records"],
    script:
        "../scripts/reproduction.py"
