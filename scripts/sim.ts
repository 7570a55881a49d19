/**
 * Headless DockScope: run docker command lines on one fresh simulated host.
 *
 *   npm run --silent sim -- [--seed N] [--json] [--tty] "docker run hello-world" "docker ps -a"
 *   npm run --silent sim -- --lessons [--json]   (author check: every lesson's solution reaches its goals)
 *   npm run --silent sim -- --images             (the images the simulated Docker Hub carries, with their tags)
 *   npm run --silent sim -- [--json] --summary - < lines.txt   (totals only, the lines from stdin)
 *
 * Plain mode prints what the terminal would show, then the trace, one line per
 * message. --json prints {"results":[{command,stdout,stderr,exitCode,messages}]}.
 * A command that stays attached (docker run nginx) keeps running; the next
 * line runs as if typed in a second terminal. One simulated second passes
 * between command lines.
 */
import { readFileSync } from 'node:fs';
import { runSim } from './sim/run';

const { status, stdout, stderr } = runSim(process.argv.slice(2), () => readFileSync(0, 'utf8'));
process.stdout.write(stdout);
process.stderr.write(stderr);
// Not process.exit(): it may cut off output still on its way down a pipe.
process.exitCode = status;
