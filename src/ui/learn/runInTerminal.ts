import { appStore } from '../store';
import { activeShell } from '../terminal/shellSession';

/**
 * A clicked command: typed into the terminal and run there, as if the
 * learner had typed it (it waits its turn behind a command still replaying).
 */
export function runInTerminal(command: string): void {
  const shell = activeShell();
  if (!shell) return;
  const how = shell.type(command);
  if (how === 'attached') {
    appStore
      .getState()
      .showNotice(
        'A command still holds the terminal: end it first (Ctrl-C goes on to its container, whose program may ignore it), then click again.',
        'info',
      );
  }
}
