// The guided exercise under the banner while drill mode is on: what to find, the three
// steps with their state in words (klart / nu / kvar, not colour alone), the time, and
// "Avbryt övningen"; at the end "Övningen är klar" with the time taken and whether it is
// recorded. Step changes are announced to screen readers; the clock is not.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useDrill } from './DrillProvider';
import { currentStep, DRILL_STEPS, elapsedSeconds } from './drillSteps';

export function DrillPanel() {
  const { t } = useI18n();
  const drill = useDrill();
  const { progress, finished } = drill;
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);
  const doneCount = progress?.done.length ?? 0;

  useEffect(() => {
    if (!progress || finished) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [progress, finished]);

  // Focus the instructions only when a drill starts: later steps must not pull focus here.
  const startedAt = progress?.startedAtMs;
  useEffect(() => {
    if (startedAt !== undefined) heading.current?.focus();
  }, [startedAt]);

  useEffect(() => {
    if (doneCount > 0) setAnnouncement(t.drillStepDoneAnnounce(doneCount, DRILL_STEPS.length));
  }, [doneCount, t]);

  useEffect(() => {
    if (finished) doneHeading.current?.focus();
  }, [finished]);

  if (!progress) return null;
  const step = currentStep(progress);

  if (finished) {
    const save = finished.save;
    return (
      <section className="drill-panel drill-panel--done" aria-labelledby="drill-done-title" data-testid="drill-panel">
        <span className="drill-panel__badge">{t.drillBadge}</span>
        <div className="drill-panel__body">
          <h2 id="drill-done-title" className="drill-panel__title" tabIndex={-1} ref={doneHeading}>
            ✓ {t.drillDone}
          </h2>
          <p className="drill-panel__text">
            {t.drillDoneTime(t.duration(finished.seconds))}{' '}
            <span role="status" data-testid="drill-save">
              {save.state === 'saving' ? t.drillSaving : save.state === 'saved' ? t.drillSaved : `${t.drillSaveFailed} ${save.message}`}
            </span>
          </p>
        </div>
        <button type="button" className="button--primary" onClick={drill.close}>
          {t.drillClose}
        </button>
      </section>
    );
  }

  return (
    <section className="drill-panel" aria-labelledby="drill-panel-title" data-testid="drill-panel">
      <span className="drill-panel__badge">{t.drillBadge}</span>
      <div className="drill-panel__body">
        <h2 id="drill-panel-title" className="drill-panel__title" tabIndex={-1} ref={heading}>
          {t.drillPanelTitle}
        </h2>
        <p className="drill-panel__text">{t.drillIntro(progress.target.title)}</p>
        <ol className="drill-steps">
          {DRILL_STEPS.map((s, i) => {
            const state = progress.done.includes(s) ? 'done' : s === step ? 'now' : 'later';
            return (
              <li key={s} className={`drill-step drill-step--${state}`} aria-current={state === 'now' ? 'step' : undefined} data-step={s}>
                <span className="drill-step__num">{i + 1}.</span> <span className="drill-step__state">{t.drillStepState[state]}</span>{' '}
                {t.drillStepText[s](progress.target.title)}
              </li>
            );
          })}
        </ol>
      </div>
      <div className="drill-panel__side">
        <span className="drill-panel__clock">
          {t.drillElapsed} {t.duration(elapsedSeconds(progress, now))}
        </span>
        <button type="button" onClick={drill.cancel}>
          {t.drillCancel}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
