-- wrk script of the side-by-side benchmark: POSTs the body file in $BENCH_BODY, prints figures as JSON at the end.
local f = io.open(os.getenv("BENCH_BODY"), "rb"); wrk.method = "POST"; wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
function done(s, lat)
  io.write(string.format('JSON{"requests":%d,"durationUs":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d}\n', s.requests, s.duration,
    s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout + s.errors.status, lat:percentile(50), lat:percentile(95), lat:percentile(99)))
end
