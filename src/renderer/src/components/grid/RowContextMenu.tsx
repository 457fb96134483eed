// The right-click menu of a grid row (AG Grid Community has none): a small menu at the pointer or the focused cell,
// moved through with the arrow keys, closed with Esc, a click elsewhere or a choice.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface RowMenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** The key that does the same from the grid, shown beside the label. */
  shortcut?: string;
  /** Why the item is off, or what it does: the item's tooltip. */
  title?: string;
  testId?: string;
}

export interface RowMenuState {
  x: number;
  y: number;
  /** What the menu is about, for assistive technology: "Flow 10.xx.50.81:1822 → …". */
  label: string;
  items: RowMenuItem[];
}

/** Where a menu opened from the keyboard goes: under the focused cell. */
export function menuPositionOf(target: EventTarget | null): { x: number; y: number } {
  const element = target instanceof HTMLElement ? (target.closest('.ag-cell') ?? target) : null;
  const rect = element?.getBoundingClientRect();
  return rect ? { x: rect.left + 8, y: rect.bottom } : { x: 100, y: 100 };
}

/** Whether a key opens the context menu: the Menu key or Shift+F10, as in every desktop application. */
export function isMenuKey(event: globalThis.KeyboardEvent): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
}

export function useRowMenu(): [RowMenuState | null, (menu: RowMenuState) => void, () => void] {
  const [menu, setMenu] = useState<RowMenuState | null>(null);
  const close = useCallback(() => setMenu(null), []);
  return [menu, setMenu, close];
}

export function RowContextMenu({ menu, onClose }: { menu: RowMenuState | null; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  // The element focused before the menu opened (the grid cell) gets the focus back when it closes.
  const returnFocus = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!menu || !element) return;
    const { width, height } = element.getBoundingClientRect();
    setPosition({ left: Math.max(4, Math.min(menu.x, window.innerWidth - width - 4)), top: Math.max(4, Math.min(menu.y, window.innerHeight - height - 4)) });
  }, [menu]);

  useEffect(() => {
    if (!menu) return;
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const focusFirst = () => ref.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    focusFirst();
    // AG Grid focuses the right-clicked cell after the contextmenu event: take the focus back once it has.
    const frame = requestAnimationFrame(() => {
      if (!ref.current?.contains(document.activeElement)) focusFirst();
    });
    const outside = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    // Esc closes the menu wherever the focus is, and only the menu (not the grid's selection as well).
    const escape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      onClose();
    };
    const away = () => onClose();
    document.addEventListener('mousedown', outside, true);
    document.addEventListener('keydown', escape, true);
    window.addEventListener('blur', away);
    window.addEventListener('resize', away);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('mousedown', outside, true);
      document.removeEventListener('keydown', escape, true);
      window.removeEventListener('blur', away);
      window.removeEventListener('resize', away);
      returnFocus.current?.focus();
    };
  }, [menu, onClose]);

  if (!menu) return null;

  const keys = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else if (event.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
    else if (event.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else if (event.key === 'Home') buttons[0]?.focus();
    else if (event.key === 'End') buttons[buttons.length - 1]?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      ref={ref}
      className="row-menu"
      role="menu"
      aria-label={menu.label}
      data-testid="row-menu"
      style={{ left: position?.left ?? menu.x, top: position?.top ?? menu.y, visibility: position ? 'visible' : 'hidden' }}
      onKeyDown={keys}
      onContextMenu={(event) => event.preventDefault()}
    >
      {menu.items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={item.danger ? 'row-menu-item danger-text' : 'row-menu-item'}
          disabled={item.disabled}
          title={item.title}
          data-testid={item.testId}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd className="row-menu-shortcut">{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}

/** Grid options that hand right-clicks to RowContextMenu instead of the browser's menu. */
export const ownContextMenu = { suppressContextMenu: true, preventDefaultOnContextMenu: true } as const;
