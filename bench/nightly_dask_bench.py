"""Bench the nightly on Dask distributed against one process, on the synthetic snapshot.

    .venv/bin/python bench/nightly_dask_bench.py --accounts 1000000 --workers 2

Uses (or makes) bench/nightly_bench.py's snapshot, cuts it into partitioned Parquet by
debtor key range (arrears.strategy.distributed.write_partitions, once, cached), then:

* one process: reads the snapshot (the columns decide() reads) and runs decide();
* Dask: a LocalCluster of `--workers` processes, each reading its partitions and running
  the per-debtor part, the driver finishing (owners, day plan, queues);

asserts that every output frame is equal, prints the timings and, last, a JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arrears.strategy import distributed  # noqa: E402
from arrears.strategy.engine import decide  # noqa: E402
from arrears.strategy.frames import DECIDE_READS, Frames, RunConfig  # noqa: E402
from arrears.strategy.synth import DEFAULT_ON, generate  # noqa: E402
from bench.nightly_bench import OUT, SNAPSHOT_VERSION, current, machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster")
    parser.add_argument("--partitions", type=int, help="debtor key ranges (default: 2 per worker)")
    parser.add_argument("--cluster", help="a running scheduler's address instead of a LocalCluster")
    args = parser.parse_args()
    n_parts = args.partitions or 2 * args.workers
    print(f"machine: {machine()}")
    snapshot = OUT / f"snapshot-{args.accounts}-seed{args.seed}-v{SNAPSHOT_VERSION}"
    if not current(snapshot):
        start = time.perf_counter()
        generate(args.accounts, seed=args.seed, on=DEFAULT_ON).write_parquet(snapshot)
        print(f"snapshot: generated {args.accounts:,} accounts in {time.perf_counter() - start:.1f} s")
    parts_dir = OUT / f"partitions-{args.accounts}-seed{args.seed}-v{SNAPSHOT_VERSION}-p{n_parts}"
    if not distributed.partitions(parts_dir):
        start = time.perf_counter()
        distributed.write_partitions(Frames.read_parquet(snapshot), parts_dir, n_parts)
        print(
            f"partitions: wrote {n_parts} in {time.perf_counter() - start:.1f} s"
            f" -> {parts_dir.relative_to(ROOT)}"
        )
    config = RunConfig(on=DEFAULT_ON)

    begin = time.perf_counter()
    frames = Frames.read_parquet(snapshot, DECIDE_READS)
    read = time.perf_counter()
    single = decide(frames, config)
    single_done = time.perf_counter()
    accounts = frames.accounts.height
    del frames
    print(
        f"one process: {accounts:,} accounts, read {read - begin:.1f} s + decide {single_done - read:.1f} s"
        f" = {single_done - begin:.1f} s"
    )

    start = time.perf_counter()
    with distributed.connect(args.cluster or f"local:{args.workers}") as client:
        up = time.perf_counter()
        workers = len(client.scheduler_info()["workers"])
        on_dask = distributed.decide_from_parquet(client, parts_dir, config)
        dask_done = time.perf_counter()
    print(
        f"dask: {workers} workers, {n_parts} partitions: cluster start {up - start:.1f} s,"
        f" read + per-debtor part + finish {dask_done - up:.1f} s"
    )

    unequal = [f.name for f in fields(single) if not getattr(single, f.name).equals(getattr(on_dask, f.name))]
    verdict = "EQUAL" if not unequal else "DIFFERENT: " + ", ".join(unequal)
    rows = {f.name: getattr(single, f.name).height for f in fields(single)}
    print(f"equality, Dask vs one process, frame by frame: {verdict} ({rows})")
    print(
        json.dumps(
            {
                "accounts": accounts,
                "workers": workers,
                "partitions": n_parts,
                "single_s": round(single_done - begin, 2),
                "single_decide_s": round(single_done - read, 2),
                "dask_s": round(dask_done - up, 2),
                "dask_cluster_start_s": round(up - start, 2),
                "equal": not unequal,
                "rows": rows,
            }
        )
    )
    if unequal:
        sys.exit(1)


if __name__ == "__main__":
    main()
