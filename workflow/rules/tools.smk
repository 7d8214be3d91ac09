# Stage 0, tools: the paper's generation chain built from checksummed sources on the host
# (generator = madgraph or detector = delphes without containers; the generation image runs the
# same script). Once built, the tools are reused by every run that names the same prefix.


rule build_tools:
    """MG5_aMC 3.5.7 and Delphes 3.4.2 on ROOT 6.40 (PyPI), from the official releases or tools.source_dir."""
    output:
        stamp=TOOLS_PREFIX / "tools.json",
    log:
        "logs/build_tools.log",
    container:
        GENERATION_IMAGE  # which holds the same build, at /opt/tools (never run in container mode)
    threads: workflow.cores
    resources:
        runtime=60,
        mem_mb=4000,
    params:
        source_dir=config["tools"]["source_dir"] or "",
    shell:
        'JOBS={threads} workflow/scripts/build_tools.sh "$(dirname {output.stamp})" {params.source_dir} > {log} 2>&1'
