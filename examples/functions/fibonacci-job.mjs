// Demo job for SlimFaas native local mode: computes fib(n) for every argument by calling the
// fibonacci2 function through SlimFaas (SLIMFAAS_URL, rewritten by SlimFaas to the run's own
// gateway so the call is attributed to this run), prints the results and exits 0.
const slimfaas = process.env.SLIMFAAS_URL ?? 'http://127.0.0.1:30020';
const inputs = process.argv.slice(2).map(Number).filter(Number.isInteger);
if (inputs.length === 0) inputs.push(10);
for (const input of inputs) {
  const res = await fetch(`${slimfaas}/function/fibonacci2/fibonacci`, { method: 'POST', body: JSON.stringify({ input }) });
  const { result } = await res.json();
  console.log(`${process.env.SLIMFAAS_JOB_RUN_NAME}: fibonacci(${input}) = ${result}`);
}
