// Preload for memory investigations: `BENCH_NODE_FLAGS="--import=./bench/fanout/memlog.ts" BENCH_VERBOSE=1`
// prints the server's RSS split (JS heap, Buffers, rest) every BENCH_MEMLOG_MS (default 5000) ms.
const mb = (x: number): string => (x / 1048576).toFixed(1);
setInterval(
  () => {
    const m = process.memoryUsage();
    console.log(
      `mem rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} ext=${mb(m.external)} ab=${mb(m.arrayBuffers)}`,
    );
  },
  Number(process.env.BENCH_MEMLOG_MS ?? 5000),
).unref();
