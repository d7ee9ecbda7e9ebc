# Scenario texts the CLI tests share, each with what a test varies: a small SIR on an Erdos-Renyi
# network, and a word-of-mouth market of two brands (PitchCo sells hard, PeopleCo soft).


def sir_text(name, *, seed, replications, end, sample_every, nodes, seeds, description=None):
    """SIR (beta 0.5, gamma 1) on an Erdos-Renyi network of mean degree 4."""
    described = f"description: {description}\n" if description else ""
    return (f"name: {name}\n{described}seed: {seed}\nreplications: {replications}\n"
            f"time: {{end: {end}, sample_every: {sample_every}}}\n"
            f"network: {{generator: erdos_renyi, nodes: {nodes}, mean_degree: 4}}\n"
            "model: {name: sir, beta: 0.5, gamma: 1.0}\n"
            f"seeding: {{count: {seeds}}}\n")


def wom_text(name, *, seed, replications, end, sample_every, network, plan=""):
    """The wom model with PitchCo and PeopleCo on `network` (a YAML flow mapping), then `plan`
    (arms, sweep), recording cascades."""
    return (f"name: {name}\nseed: {seed}\nreplications: {replications}\n"
            f"time: {{end: {end}, sample_every: {sample_every}}}\n"
            f"network: {network}\n"
            "model: {name: wom}\n"
            "brands:\n"
            "  - {name: PitchCo, style: hard_sell}\n"
            "  - {name: PeopleCo, style: soft_sell}\n"
            f"{plan}"
            "output: {cascades: true}\n")


# A few seconds on 2 threads: long enough to be interrupted, or joined by a second process, mid-way
# on a busy CI machine, with runs short enough that many finish before that. Sampled every 6
# hours: a series chunk holds about 4096 values of whole runs (sim/results/RESULTS_FORMAT.md), here
# 5 runs, and runs are written (committed) a chunk at a time, so the plan has five chunks.
LONG = wom_text("long", seed=31, replications=24, end="90d", sample_every="6h",
                network="{generator: barabasi_albert, nodes: 40000, m: 4}")
