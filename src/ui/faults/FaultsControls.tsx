import { memo, useCallback, useId, useState, useSyncExternalStore } from 'react';
import { bridge } from '../bridge';
import { FAULT_TITLES, STANDING_KINDS, type StandingFault } from '../../sim/core/faults';
import { FAULT_TEXT } from './faultText';
import { RichText } from '../chrome/RichText';
import './faults.css';

const DEFAULT_PORT = 8080;

/**
 * The faults panel: a header button that opens a panel (not modal: the
 * terminal stays usable) where a learner or a teacher puts faults in force,
 * lifts them, or kills a container's shim. Every change is an engine input
 * (bridge.fault), so it is replayed with the session.
 */
export const FaultsControls = memo(function FaultsControls() {
  useSyncExternalStore(bridge.subscribe, bridge.getSnapshot);
  const [open, setOpen] = useState(false);
  const [port, setPort] = useState(DEFAULT_PORT);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const titleId = useId();

  const active = bridge.faults;
  const available = bridge.faultsAvailable;
  const running = (bridge.view()?.containers ?? []).filter(
    (c) => c.state === 'running' && c.hasShim,
  );
  const chosen = running.find((c) => c.name === target)?.name ?? running[0]?.name ?? '';

  const send = useCallback((input: Parameters<typeof bridge.fault>[0]) => {
    setError(null);
    bridge.fault(input).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const toggle = (kind: StandingFault['kind'], on: boolean) => {
    if (!on) return send({ op: 'fault', clear: kind });
    if (kind === 'port-taken') return send({ op: 'fault', set: { kind, port } });
    return send({ op: 'fault', set: { kind } });
  };

  return (
    <div className="faults-controls">
      <button
        type="button"
        className="text-button"
        data-testid="faults-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        title={FAULT_TEXT.title}
      >
        {FAULT_TEXT.button}
        {active.length > 0 && (
          <span className="faults-controls__badge" data-testid="faults-count">
            {active.length}
          </span>
        )}
      </button>
      {open && (
        <section
          id={panelId}
          className="faults-panel"
          role="dialog"
          aria-labelledby={titleId}
          data-testid="faults-panel"
        >
          <header className="faults-panel__head">
            <h2 id={titleId} className="faults-panel__title">
              {FAULT_TEXT.title}
            </h2>
            <span className="faults-panel__count" aria-live="polite">
              {FAULT_TEXT.active(active.length)}
            </span>
          </header>
          {!available ? (
            <p className="faults-panel__note">{FAULT_TEXT.unavailable}</p>
          ) : (
            <>
              <p className="faults-panel__note">{FAULT_TEXT.intro}</p>
              <ul className="faults-panel__list">
                {STANDING_KINDS.map((kind) => {
                  const on = active.find((f) => f.kind === kind);
                  return (
                    <li
                      key={kind}
                      className="faults-panel__item"
                      data-active={on ? 'true' : 'false'}
                    >
                      <div className="faults-panel__row">
                        <button
                          type="button"
                          className="text-button faults-panel__toggle"
                          aria-pressed={on ? 'true' : 'false'}
                          data-testid={`fault-${kind}`}
                          onClick={() => toggle(kind, !on)}
                        >
                          {on ? FAULT_TEXT.on : FAULT_TEXT.off}
                        </button>
                        <span className="faults-panel__name">
                          {FAULT_TITLES[kind]}
                          {on?.kind === 'port-taken' ? `: ${on.port}` : ''}
                        </span>
                        {kind === 'port-taken' && !on && (
                          <label className="faults-panel__port">
                            {FAULT_TEXT.port}
                            <input
                              type="number"
                              min={1}
                              max={65535}
                              value={port}
                              data-testid="fault-port"
                              onChange={(e) => {
                                const n = Number(e.target.value);
                                if (Number.isInteger(n) && n >= 1 && n <= 65535) setPort(n);
                              }}
                            />
                          </label>
                        )}
                      </div>
                      <p className="faults-panel__what">
                        <RichText text={FAULT_TEXT.describe[kind]} />
                      </p>
                    </li>
                  );
                })}
                <li className="faults-panel__item">
                  <div className="faults-panel__row">
                    <span className="faults-panel__name">{FAULT_TEXT.killTitle}</span>
                    {running.length === 0 ? (
                      <span className="faults-panel__muted">{FAULT_TEXT.noRunning}</span>
                    ) : (
                      <>
                        <label className="faults-panel__port">
                          {FAULT_TEXT.container}
                          <select
                            value={chosen}
                            data-testid="fault-kill-target"
                            onChange={(e) => setTarget(e.target.value)}
                          >
                            {running.map((c) => (
                              <option key={c.id} value={c.name}>
                                {c.name}
                              </option>
                            ))}
                          </select>
                        </label>
                        <button
                          type="button"
                          className="text-button"
                          data-testid="fault-kill-shim"
                          onClick={() =>
                            chosen &&
                            send({ op: 'fault', set: { kind: 'kill-shim', container: chosen } })
                          }
                        >
                          {FAULT_TEXT.killButton}
                        </button>
                      </>
                    )}
                  </div>
                  <p className="faults-panel__what">
                    <RichText text={FAULT_TEXT.killWhat} />
                  </p>
                </li>
              </ul>
            </>
          )}
          {error && (
            <p role="alert" className="faults-panel__error">
              {error}
            </p>
          )}
          <div className="faults-panel__actions">
            {available && (
              <button
                type="button"
                className="text-button"
                disabled={active.length === 0}
                onClick={() => send({ op: 'fault', clear: 'all' })}
              >
                {FAULT_TEXT.clearAll}
              </button>
            )}
            <button type="button" className="text-button" onClick={() => setOpen(false)}>
              {FAULT_TEXT.close}
            </button>
          </div>
        </section>
      )}
    </div>
  );
});
