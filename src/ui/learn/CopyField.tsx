import { useId, useState } from 'react';

/** A read-only link with a copy button (the clipboard may be refused: the text can still be selected). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () => {
    if (!navigator.clipboard) return setCopied('no');
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="copy-field">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="text-button" onClick={copy}>
        Copy
      </button>
      <span role="status" className="copy-field__status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy it by hand' : ''}
      </span>
    </div>
  );
}
