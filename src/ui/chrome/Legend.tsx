import { memo, useSyncExternalStore } from 'react';
import { PROTOCOL_ORDER, PROTOCOLS } from '../protocols';
import { bridge } from '../bridge';

/** Which colour (and dash) is which protocol, and which packet shape is which kind of message. */
export const Legend = memo(function Legend() {
  // D-Bus (systemctl ↔ systemd) only once a session has used it: the legend keeps to one line.
  const dbus = useSyncExternalStore(bridge.subscribe, () => bridge.index.components.has('systemd'));
  return (
    <div className="legend" aria-label="Legend">
      <ul className="legend__list" aria-label="Protocols">
        {PROTOCOL_ORDER.filter((p) => p !== 'dbus' || dbus).map((p) => {
          const s = PROTOCOLS[p];
          return (
            <li key={p} title={s.description}>
              <svg width="22" height="8" aria-hidden="true">
                <line
                  x1="1"
                  y1="4"
                  x2="21"
                  y2="4"
                  stroke={s.color}
                  strokeWidth="3"
                  strokeDasharray={s.dash}
                />
              </svg>
              {s.label}
            </li>
          );
        })}
      </ul>
      <ul className="legend__list" aria-label="Message kinds">
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="5" fill="currentColor" />
          </svg>
          request
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>
          response
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="3" fill="currentColor" />
          </svg>
          stream
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true">
            <rect
              x="2.5"
              y="2.5"
              width="7"
              height="7"
              transform="rotate(45 6 6)"
              fill="currentColor"
            />
          </svg>
          event
        </li>
      </ul>
    </div>
  );
});
