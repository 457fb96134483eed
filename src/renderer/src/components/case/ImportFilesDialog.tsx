// Saved outputs into the live case: text files chosen here are read by the window, their format detected in main, and
// each becomes a collection of the device named beside it (the file's name unless changed); one result per file.
import { useId, useState, type FormEvent } from 'react';
import { deviceNameOf } from '../../../../shared/case/deviceName';
import { useActions, useAppStore } from '../../store/appStore';
import { BusyButton, DialogButtons, DialogError } from '../dialogs/DialogFooter';
import { Modal } from '../dialogs/Modal';
import { formatBytes, formatCount } from '../format';

interface Chosen {
  file: File;
  device: string;
}

export function ImportFilesDialog() {
  const busy = useAppStore((s) => s.dialogBusy);
  const error = useAppStore((s) => s.dialogError);
  const results = useAppStore((s) => s.importResults);
  const liveCase = useAppStore((s) => s.liveCase);
  const { importCaseFiles, closeDialog } = useActions();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [readError, setReadError] = useState<string | null>(null);
  const id = useId();

  const choose = (files: FileList | null) => {
    setReadError(null);
    setChosen([...(files ?? [])].map((file) => ({ file, device: deviceNameOf(file.name) })));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return;
    let files;
    try {
      files = await Promise.all(chosen.map(async ({ file, device }) => ({ fileName: file.name, text: await file.text(), ...(device.trim() ? { device: device.trim() } : {}) })));
    } catch (failure) {
      setReadError(`A file could not be read: ${failure instanceof Error ? failure.message : String(failure)}`);
      return;
    }
    await importCaseFiles(files);
  };

  return (
    <Modal title={`Import files into “${liveCase?.meta.name ?? 'the case'}”`} onClose={closeDialog} testId="case-import-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-files`}>Text files: flow caches, netstat, tcpvcon CSV, PsList, ps, Velociraptor or osquery exports</label>
          <input id={`${id}-files`} type="file" multiple data-testid="case-import-files" onChange={(e) => choose(e.target.files)} />
        </div>
        {chosen.length > 0 && (
          <table className="case-table case-import-files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Device it came from</th>
              </tr>
            </thead>
            <tbody>
              {chosen.map((entry, index) => (
                <tr key={`${entry.file.name}-${index}`} data-testid="import-file">
                  <td>
                    {entry.file.name} <span className="muted small">{formatBytes(entry.file.size)}</span>
                  </td>
                  <td>
                    <input
                      aria-label={`Device of ${entry.file.name}`}
                      data-testid="import-device"
                      value={entry.device}
                      maxLength={200}
                      onChange={(e) => setChosen((list) => list.map((item, at) => (at === index ? { ...item, device: e.target.value } : item)))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {results && (
          <ul className="case-import-results" data-testid="import-results">
            {results.map((result, index) => (
              <li key={`${result.fileName}-${index}`} className={result.ok ? 'import-ok' : 'import-failed'} data-testid="import-result" data-ok={result.ok}>
                {result.ok ? (
                  <>
                    <span aria-hidden="true">✓</span> <strong>{result.fileName}</strong>: {formatCount(result.records)} {result.kind} of {result.device}, read as {result.format}
                    {result.diagnostics > 0 && <span className="warning-text"> · {formatCount(result.diagnostics)} parser notes</span>}
                  </>
                ) : (
                  <>
                    <span aria-hidden="true">✗</span> <strong>{result.fileName}</strong>: <span className="danger-text">{result.error}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <DialogError error={readError ?? error} />
        <DialogButtons onCancel={closeDialog} cancelLabel={results ? 'Close' : 'Cancel'}>
          <BusyButton type="submit" className="primary" busy={busy} disabled={chosen.length === 0} data-testid="case-import-submit">
            Import {chosen.length > 0 ? `${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}` : ''}
          </BusyButton>
        </DialogButtons>
      </form>
    </Modal>
  );
}
