// A splitter between two panes: drag it, or focus it and use the arrow keys (Shift for bigger steps).
import type { KeyboardEvent, PointerEvent } from 'react';

interface Props {
  /** "rows": a horizontal bar that moves up and down; "columns": a vertical bar that moves left and right. */
  between: 'rows' | 'columns';
  label: string;
  className?: string;
  /** For assistive technology: the size being set, in percent or pixels. */
  valueNow: number;
  valueMin: number;
  valueMax: number;
  /** Called when a drag starts (delta 0) and as it moves, with the pointer's travel since the start in pixels. */
  onDrag: (deltaPx: number, phase: 'start' | 'move') => void;
  /** Arrow keys: -1 towards the top/left, +1 towards the bottom/right. */
  onStep: (direction: -1 | 1, big: boolean) => void;
}

export function ResizeHandle({ between, label, className, valueNow, valueMin, valueMax, onDrag, onStep }: Props) {
  const startDrag = (event: PointerEvent<HTMLDivElement>) => {
    const start = between === 'rows' ? event.clientY : event.clientX;
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    onDrag(0, 'start');
    const move = (e: globalThis.PointerEvent) => onDrag((between === 'rows' ? e.clientY : e.clientX) - start, 'move');
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  };

  const keys = (event: KeyboardEvent<HTMLDivElement>) => {
    const [back, forward] = between === 'rows' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
    if (event.key === back) onStep(-1, event.shiftKey);
    else if (event.key === forward) onStep(1, event.shiftKey);
    else return;
    event.preventDefault();
  };

  return (
    <div
      className={`pane-splitter pane-splitter-${between} ${className ?? ''}`}
      role="separator"
      aria-orientation={between === 'rows' ? 'horizontal' : 'vertical'}
      aria-label={label}
      aria-valuenow={Math.round(valueNow)}
      aria-valuemin={valueMin}
      aria-valuemax={valueMax}
      tabIndex={0}
      onPointerDown={startDrag}
      onKeyDown={keys}
    />
  );
}
