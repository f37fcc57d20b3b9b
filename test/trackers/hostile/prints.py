# hostile/prints.py - port.py that prints a lot on every update, including
# lines that look like protocol messages.
# Verdict: exactly port.py's verdicts and writes: stdout is not the protocol.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from port import EnterpriseProgressTracker as PortTracker, ProgressUpdateTask  # noqa: E402,F401


class EnterpriseProgressTracker(PortTracker):
    async def update(self, message=None, force_progress=None):
        for i in range(20):
            print('{"op":"idle","deadline_ms":0,"done":[]}')
            print("update %d of job %s at %.3f" % (i, self.job_id, self.last_progress), flush=(i == 19))
        sys.stderr.write('{"op":"fatal","error":null}\n')
        await PortTracker.update(self, message, force_progress)
