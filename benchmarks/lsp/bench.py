"""Benchmark: how soon `journeyspec lsp` publishes diagnostics after a change to a 5,000-step map,
and whether its memory grows with edits.

Run with `make bench-lsp` (or `.venv/bin/python benchmarks/lsp/bench.py`). The real server runs as a
subprocess, driven over stdio by pygls's own client as an editor drives it: open the map
(`large_map(5000)` from benchmarks/language), then edit it one change at a time with incremental
changes, waiting each time for the diagnostics of that version. Each edit alternates between
misspelling a step id in a flow (one JS202 appears) and correcting it (it goes), so every publication
is checked to be the right one. Latency is from sending the change to receiving the diagnostics; it
includes the server's pause for typing (`DEBOUNCE_SECONDS`). Memory is the server's resident set
(`/proc/PID/status`) after the first 20 edits and after all of them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "language"))

from generate_map import large_map

from journeyspec.lsp.server import DEBOUNCE_SECONDS


def cpu_seconds(pid: int) -> float:
    """CPU time the server has used (user + system): what the work costs, whatever else holds the cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(edits: int, steps: int) -> None:
    text = large_map(steps)
    client = LanguageClient("journeyspec-bench", "1")
    published: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        waiting = published.get(params.version)
        if waiting is not None and not waiting.done():
            waiting.set_result(params.diagnostics)

    await client.start_io(sys.executable, "-m", "journeyspec", "lsp")
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    uri = "file:///bench/large.journey"
    loop = asyncio.get_running_loop()
    published[1] = loop.create_future()
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="journey", version=1, text=text)))
    first = await published[1]
    print(f"map: {steps:,} steps, {len(text) / 1e6:.2f} MB; open -> diagnostics {time.perf_counter() - started:.3f} s "
          f"({len(first)} diagnostics)")
    print(f"load average: {os.getloadavg()[0]:.2f}; debounce {DEBOUNCE_SECONDS * 1000:.0f} ms (included below)")

    # The edit: the first flow's second step id, misspelt and then restored.
    line_no, line = next((i, ln) for i, ln in enumerate(text.split("\n")) if ln.strip().startswith("flow "))
    arrow = line.index("-> ") + 3
    name_end = arrow + len(line[arrow:].split()[0])
    latencies, cpus, rss = [], [], []
    for version in range(2, edits + 2):
        broken = version % 2 == 0
        at = types.Range(start=types.Position(line=line_no, character=name_end),
                         end=types.Position(line=line_no, character=name_end + (0 if broken else 1)))
        published[version] = loop.create_future()
        started, started_cpu = time.perf_counter(), cpu_seconds(pid)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=at, text="x" if broken else "")]))
        found = await published[version]
        del published[version]
        latencies.append(time.perf_counter() - started)
        cpus.append(cpu_seconds(pid) - started_cpu)
        codes = [d.code for d in found]
        assert codes == (["JS202"] if broken else []), (version, codes)
        if version - 1 in (20, edits):
            rss.append(rss_mb(pid))
    ordered = sorted(latencies)
    print(f"\n{edits} edits, change -> publishDiagnostics:")
    print("| best | median | p90 | worst |\n|---|---|---|---|")
    print(f"| {ordered[0] * 1000:.0f} ms | {statistics.median(ordered) * 1000:.0f} ms "
          f"| {ordered[int(len(ordered) * 0.9)] * 1000:.0f} ms | {ordered[-1] * 1000:.0f} ms |")
    cpu = sorted(cpus)
    print(f"\nserver CPU time per edit: best {cpu[0] * 1000:.0f} ms, median {statistics.median(cpu) * 1000:.0f} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"\nserver memory (resident): {rss[0]:.0f} MB after 20 edits, {rss[-1]:.0f} MB after {edits}")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--steps", type=int, default=5000)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.edits, arguments.steps))


if __name__ == "__main__":
    main()
