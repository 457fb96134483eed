// The flag rules and internal ranges, edited in one small dialog and saved in main's settings.
import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_INTERNAL_RANGES, parseRange } from '../../../../shared/correlation/internalRanges';
import type { FlagRules } from '../../../../shared/domain';
import { DEFAULT_FLAG_RULES, FLAG_RULE_LABELS } from '../../../../shared/flags/flagRules';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

type NumberRule = 'highPortAbove' | 'longLivedSeconds' | 'highVolumePackets';
type SwitchRule = 'uncommonPorts' | 'unknownProtocols' | 'internalToExternal';

const numberRules: { key: NumberRule; label: string; unit: string; max: number }[] = [
  { key: 'highPortAbove', label: `${FLAG_RULE_LABELS['high-port']}: above port`, unit: 'and not a named service', max: 65535 },
  { key: 'longLivedSeconds', label: `${FLAG_RULE_LABELS['long-lived']}: active at least`, unit: 'seconds (formats that print it)', max: 31_536_000 },
  { key: 'highVolumePackets', label: `${FLAG_RULE_LABELS['high-volume']}: at least`, unit: 'packets', max: Number.MAX_SAFE_INTEGER },
];

const switchRules: { key: SwitchRule; label: string; hint: string }[] = [
  { key: 'uncommonPorts', label: FLAG_RULE_LABELS['uncommon-port'], hint: 'neither port is a service IANA names' },
  { key: 'unknownProtocols', label: FLAG_RULE_LABELS['unknown-protocol'], hint: 'a protocol number IANA gives no keyword' },
  { key: 'internalToExternal', label: FLAG_RULE_LABELS['internal-to-external'], hint: 'an internal source talking to an address outside the ranges' },
];

/** Each line's problem, or null when every line is a CIDR range. */
function rangesProblem(lines: string[]): string | null {
  for (const line of lines) {
    try {
      parseRange(line);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return null;
}

export function FlagRulesDialog() {
  const settings = useAppStore((s) => s.settings);
  const problem = useAppStore((s) => s.settingsProblem);
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const { saveSettings, closeDialog } = useActions();
  const [numbers, setNumbers] = useState<Record<NumberRule, string>>(() => ({
    highPortAbove: String(settings.flagRules.highPortAbove),
    longLivedSeconds: String(settings.flagRules.longLivedSeconds),
    highVolumePackets: String(settings.flagRules.highVolumePackets),
  }));
  const [switches, setSwitches] = useState<Record<SwitchRule, boolean>>(() => ({
    uncommonPorts: settings.flagRules.uncommonPorts,
    unknownProtocols: settings.flagRules.unknownProtocols,
    internalToExternal: settings.flagRules.internalToExternal,
  }));
  const [rangesText, setRangesText] = useState(settings.internalRanges.join('\n'));
  const idPrefix = useId();

  const ranges = rangesText.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const badRange = rangesProblem(ranges);
  const badNumber = numberRules.find(({ key, max }) => !/^\d+$/.test(numbers[key].trim()) || Number(numbers[key]) > max);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (badRange !== null || badNumber) return;
    const flagRules: FlagRules = {
      ...switches,
      highPortAbove: Number(numbers.highPortAbove),
      longLivedSeconds: Number(numbers.longLivedSeconds),
      highVolumePackets: Number(numbers.highVolumePackets),
    };
    void saveSettings({ internalRanges: ranges, flagRules });
  };

  const resetRules = () => {
    setNumbers({
      highPortAbove: String(DEFAULT_FLAG_RULES.highPortAbove),
      longLivedSeconds: String(DEFAULT_FLAG_RULES.longLivedSeconds),
      highVolumePackets: String(DEFAULT_FLAG_RULES.highVolumePackets),
    });
    setSwitches({ uncommonPorts: DEFAULT_FLAG_RULES.uncommonPorts, unknownProtocols: DEFAULT_FLAG_RULES.unknownProtocols, internalToExternal: DEFAULT_FLAG_RULES.internalToExternal });
  };

  return (
    <Modal title="Flag rules and internal ranges" onClose={closeDialog} testId="flag-rules-dialog">
      <form onSubmit={submit} noValidate>
        {problem && <p className="warning-box">{problem}</p>}
        <p className="hint">A flow is flagged “interesting” when it trips a rule; the flag’s tooltip says which and why. A number set to 0 turns its rule off.</p>
        <div className="flag-rules">
          {numberRules.map(({ key, label, unit }) => (
            <label key={key} className="flag-rule" htmlFor={`${idPrefix}-${key}`}>
              <span className="flag-rule-label">{label}</span>
              <input id={`${idPrefix}-${key}`} data-testid={`rule-${key}`} inputMode="numeric" value={numbers[key]} onChange={(e) => setNumbers((n) => ({ ...n, [key]: e.target.value }))} />
              <span className="muted">{unit}</span>
            </label>
          ))}
          {switchRules.map(({ key, label, hint }) => (
            <label key={key} className="flag-rule">
              <span className="flag-rule-label">{label}</span>
              <input type="checkbox" data-testid={`rule-${key}`} checked={switches[key]} onChange={(e) => setSwitches((s) => ({ ...s, [key]: e.target.checked }))} />
              <span className="muted">{hint}</span>
            </label>
          ))}
        </div>
        {badNumber && <p className="field-problem">{badNumber.label} needs a whole number from 0.</p>}
        <div className="field">
          <label htmlFor={`${idPrefix}-ranges`}>Internal ranges besides {DEFAULT_INTERNAL_RANGES.join(', ')} — one CIDR per line</label>
          <textarea id={`${idPrefix}-ranges`} data-testid="internal-ranges" rows={3} spellCheck={false} value={rangesText} placeholder="e.g. 198.18.0.0/15" onChange={(e) => setRangesText(e.target.value)} />
          {badRange && <p className="field-problem">{badRange}</p>}
          <p className="hint">They decide which end of a flow “Investigate” collects, and what counts as external.</p>
        </div>
        <DialogError error={error} />
        <DialogButtons onCancel={closeDialog}>
          <button type="button" onClick={resetRules}>
            Default rules
          </button>
          <BusyButton type="submit" className="primary" busy={busy} disabled={badRange !== null || badNumber !== undefined} data-testid="save-flag-rules">
            Save
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
