// Where FlowPivot finds PsExec, PsList and PsKill: what runs now, why a tool cannot run, and a path to set per tool.
import { useId, useState, type FormEvent } from 'react';
import type { ToolStatus } from '../../../../shared/domain';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';

const toolTitles: Record<ToolStatus['tool'], string> = {
  psexec: 'PsExec',
  pslist: 'PsList',
  pskill: 'PsKill',
};

function ToolRow({ status }: { status: ToolStatus }) {
  const saving = useAppStore((s) => s.toolsSaving === status.tool);
  const { setToolPath } = useActions();
  const [path, setPath] = useState(status.configuredPath ?? '');
  const inputId = useId();
  const changed = path.trim() !== (status.configuredPath ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void setToolPath(status.tool, path.trim() === '' ? null : path.trim());
  };

  return (
    <form className="tool-row" data-testid="tool-row" data-tool={status.tool} onSubmit={submit}>
      <div className="tool-head">
        <label htmlFor={inputId} className="tool-name">
          {toolTitles[status.tool]}
        </label>
        {status.problem === null ? (
          <span className="tool-ok" data-testid="tool-state">
            ✓ {status.configuredPath === null ? 'found on PATH' : 'set'}
          </span>
        ) : (
          <span className="danger-text" data-testid="tool-state">
            not usable
          </span>
        )}
      </div>
      <div className="tool-edit">
        <input
          id={inputId}
          data-testid={`tool-path-${status.tool}`}
          spellCheck={false}
          autoComplete="off"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder={`blank: find ${status.tool} on PATH`}
        />
        <BusyButton type="submit" className="primary" busy={saving} disabled={!changed} data-testid={`tool-save-${status.tool}`}>
          Save
        </BusyButton>
        <button
          type="button"
          disabled={saving || status.configuredPath === null}
          onClick={() => {
            setPath('');
            void setToolPath(status.tool, null);
          }}
          title="Forget the set path and find the tool on PATH"
        >
          Use PATH
        </button>
      </div>
      <p className="tool-detail small">
        {status.resolvedPath !== null ? (
          <>
            Runs <code>{status.resolvedPath}</code>
          </>
        ) : null}
        {status.problem !== null && <span className="danger-text"> {status.problem}</span>}
      </p>
    </form>
  );
}

export function ToolsSettings() {
  const tools = useAppStore((s) => s.tools);
  const loading = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const fleetBinDir = useAppStore((s) => s.lab?.fleet?.binDir ?? null);
  const { closeDialog } = useActions();
  return (
    <Modal title="Sysinternals tools" onClose={closeDialog} testId="tools-dialog">
      <p className="hint">
        FlowPivot runs PsExec, PsList and PsKill from Microsoft Sysinternals for hosts reached with PsExec. Give the full path of
        each executable, or leave it blank to use the one found on PATH.
      </p>
      {fleetBinDir !== null && (
        <p className="hint">
          The embedded lab’s simulated Windows hosts use the lab’s own tools in <code>{fleetBinDir}</code>.
        </p>
      )}
      {loading && tools.length === 0 ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Looking for the tools…
        </p>
      ) : (
        <div className="tool-list">
          {tools.map((status) => (
            <ToolRow key={`${status.tool}:${status.configuredPath ?? ''}`} status={status} />
          ))}
        </div>
      )}
      <DialogError error={error} testId="tools-error" />
      <DialogButtons cancelLabel="Close" onCancel={closeDialog} focusCancel />
    </Modal>
  );
}
