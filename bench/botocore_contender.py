"""botocore as a benchmark contender: the engine under `sam remote invoke`.

Runs one job given as JSON in argv[1] (the same jobs as bench/child.ts: `stream` and `drip`) and prints one JSON
line. Debian's botocore ships a Lambda model older than InvokeWithResponseStream, so the runner points
AWS_DATA_PATH at a folder holding the current model (lambda/2015-03-31/service-2.json).
"""
import json
import sys
import time


def status_kb(field):
    """A `kB` field of /proc/self/status: VmRSS now, VmHWM the peak (ru_maxrss would include the runner's RSS)."""
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    raise RuntimeError(field + ' not in /proc/self/status')


# The bare interpreter's RSS, before botocore is imported.
BASE_RSS_KB = status_kb('VmRSS')

import botocore.session  # noqa: E402  (imported after the baseline on purpose)
from botocore.config import Config  # noqa: E402


def make_client(url):
    session = botocore.session.get_session()
    return session.create_client(
        'lambda',
        region_name='us-east-1',
        endpoint_url=url,
        aws_access_key_id='BENCH',
        aws_secret_access_key='bench-secret',
        # One attempt: an invocation must never be retried.
        config=Config(retries={'total_max_attempts': 1}, read_timeout=900),
    )


def read_stream(client, function_name, on_chunk=None):
    """Reads the event stream to the end; returns (payload bytes, chunks)."""
    response = client.invoke_with_response_stream(FunctionName=function_name)
    total = 0
    chunks = 0
    for event in response['EventStream']:
        chunk = event.get('PayloadChunk')
        if chunk is not None:
            total += len(chunk['Payload'])
            chunks += 1
            if on_chunk is not None:
                on_chunk(time.monotonic_ns() / 1e6)
    return total, chunks


def stream_job(client, job):
    for _ in range(job.get('warmupReads', 0)):
        read_stream(client, job['functionName'])
    cpu_before = time.process_time()
    started = time.perf_counter()
    total, chunks = read_stream(client, job['functionName'])
    wall_ms = (time.perf_counter() - started) * 1000
    cpu_us = (time.process_time() - cpu_before) * 1e6
    return {'kind': 'stream', 'wallMs': wall_ms, 'cpuUs': cpu_us, 'peakRssKb': status_kb('VmHWM'),
            'baseRssKb': BASE_RSS_KB, 'bytes': total, 'chunks': chunks}


def drip_job(client, job):
    read_stream(client, job['warmupFunction'])
    delivered = []
    read_stream(client, job['functionName'], delivered.append)
    return {'kind': 'drip', 'deliveredAtMs': delivered}


def main():
    job = json.loads(sys.argv[1])
    client = make_client(job['url'])
    if job['kind'] == 'stream':
        result = stream_job(client, job)
    elif job['kind'] == 'drip':
        result = drip_job(client, job)
    else:
        raise SystemExit('botocore contender: unsupported job kind ' + job['kind'])
    sys.stdout.write(json.dumps(result) + '\n')


if __name__ == '__main__':
    main()
