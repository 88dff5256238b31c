import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCoordinateList, shapeOfVertices } from '../../../shared/geo/coordinate-input';
import type { DrawableGeometry } from '../../../map/draw-tool';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';

/**
 * Type or paste vertex coordinates (WGS 84 decimal, degrees-minutes-seconds, CGCS2000 Gauss-Krüger x/y; see
 * shared/geo/coordinate-input.ts) and draw them as the zone's area or line. `onShape` puts the shape in the
 * editor and returns why it cannot be used (an i18n message), or null.
 */
export function CoordinateEntry({
  ready,
  onShape,
}: {
  /** The drawing tool that takes the shape has loaded. */
  ready: boolean;
  onShape(shape: DrawableGeometry): string | null;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [note, setNote] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const parsed = parseCoordinateList(text);

  const draw = (kind: 'polygon' | 'line') => {
    if (parsed.unreadable.length) {
      return setNote({
        tone: 'error',
        text: t('editor.coordinates.unreadable', { lines: parsed.unreadable.join(', ') }),
      });
    }
    const shape = shapeOfVertices(
      parsed.vertices.map((vertex) => vertex.position),
      kind,
    );
    if (!shape) return setNote({ tone: 'error', text: t('editor.coordinates.tooFew') });
    const problem = onShape(shape);
    if (problem) return setNote({ tone: 'error', text: problem });
    const systems = [...new Set(parsed.vertices.map((vertex) => vertex.system))];
    setNote({
      tone: 'info',
      text: t('editor.coordinates.read', {
        count: parsed.vertices.length,
        systems: systems.map((system) => t(`editor.coordinates.systems.${system}`)).join(' / '),
      }),
    });
  };

  if (!open) {
    return (
      <button type="button" className="chip coordinate-open" onClick={() => setOpen(true)}>
        {t('editor.coordinates.open')}
      </button>
    );
  }
  return (
    <div className="coordinate-entry" data-testid="coordinate-entry">
      <Field label={t('editor.coordinates.label')}>
        <textarea
          name="coordinates"
          rows={5}
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setNote(null);
          }}
        />
      </Field>
      <p className="muted">{t('editor.coordinates.hint')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="secondary-button"
          disabled={!ready || !text.trim()}
          onClick={() => draw('polygon')}
        >
          {t('editor.coordinates.asPolygon')}
        </button>
        <button
          type="button"
          className="secondary-button"
          disabled={!ready || !text.trim()}
          onClick={() => draw('line')}
        >
          {t('editor.coordinates.asLine')}
        </button>
      </div>
      {note ? <Message tone={note.tone}>{note.text}</Message> : null}
    </div>
  );
}
