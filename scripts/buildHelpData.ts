/**
 * Extract the real CLI's help texts from the oracle captures into the data
 * file the simulated client prints from (and reads its flag tables from).
 * Run after regenerating the captures: `npx tsx scripts/buildHelpData.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Scenario {
  name: string;
  args: string[];
  stdout: string;
  stderr: string;
}

const captures = JSON.parse(readFileSync('src/sim/client/fixtures/cli-captures.json', 'utf8')) as {
  scenarios: Scenario[];
};
const help: Record<string, string> = {};
for (const s of captures.scenarios) {
  if (!s.name.startsWith('help-')) continue;
  const path = s.args.filter((a) => a !== '--help').join(' ');
  const text = s.stdout || s.stderr;
  if (text) help[path] = text;
}
writeFileSync('src/sim/client/data/help.json', JSON.stringify(help, null, 2) + '\n');
console.log(
  `${Object.keys(help).length} help texts: ${Object.keys(help)
    .map((k) => k || '(docker)')
    .join(', ')}`,
);
