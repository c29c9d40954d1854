/**
 * What the kiosk says for a screen (kiosk/screen-speech.ts): the screen's own
 * words, tiles in order with why a grey one is grey, as a text for a browser
 * voice and as clips of the closed vocabulary for the server.
 */
import { describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { toPublicConfig } from '../../state-machines/config/hall-config.ts';
import { initialHallState } from '../../state-machines/hall/state.ts';
import { hallVocabulary, kioskAnnouncement } from '../../state-machines/voice/kiosk-speech.ts';
import { screenSpeech } from '../../kiosk/screen-speech.ts';
import { SHIPPED_DEMO_PATH } from '../support/demo.ts';

const config = loadHallConfig(SHIPPED_DEMO_PATH);
const hall = (now: number) => ({ config: toPublicConfig(config), state: initialHallState(config), now, deviceId: 'kiosk-1f-1', elderly: true, page: 0 });

describe('kiosk screens read aloud', () => {
  it('before ticketing opens, each tile says why it is grey, in the tile’s words', () => {
    // The shipped calendar: Monday 2026-11-23, 06:00 — tickets from 08:00.
    const said = kioskAnnouncement(screenSpeech({ kind: 'green-queues', reason: 'elderly' }, hall(Date.parse('2026-11-23T06:00:00+08:00'))));
    expect(said.text).toBe(
      '绿色通道：请选择您要办理的业务，A 综合受理，取号时间未到，B 企业开办，取号时间未到，C 公安，取号时间未到，D 不动产，取号时间未到，E 税务，取号时间未到，F 工程建设，取号时间未到',
    );
    const vocabulary = hallVocabulary(config);
    expect(said.clips.filter((c) => c !== ',' && !vocabulary.has(c))).toEqual([]);
  });

  it('an ID card: offered the green channel only when the kiosk can issue it', () => {
    const now = Date.parse('2026-11-23T09:00:00+08:00');
    const scan = { kind: 'id-number' as const, value: '', source: 'keyboard', at: now, elderly: true };
    expect(kioskAnnouncement(screenSpeech({ kind: 'scan', scan, greenOffered: true }, hall(now))).text).toBe(
      '已读取身份证：您可走绿色通道，优先办理，绿色通道（老年人）',
    );
    expect(kioskAnnouncement(screenSpeech({ kind: 'scan', scan, greenOffered: false }, hall(now))).text).toBe('已读取身份证，请选择要办理的业务');
  });

  it('the 7×24 kiosk at night: what it is, why no ticket, what works now, then what waits for opening', () => {
    const said = kioskAnnouncement(screenSpeech({ kind: 'self-service', closed: 'closed_day' }, hall(Date.parse('2026-11-21T22:00:00+08:00'))));
    expect(said.text).toBe(
      '二十四小时自助服务，今日不对外办公，以下服务随时可用，查询排队进度，我要预约，以下业务请在开厅后办理，取号办理业务，预约签到，绿色通道，优先办理，领取办件结果',
    );
    const vocabulary = hallVocabulary(config);
    expect(said.clips.filter((c) => c !== ',' && !vocabulary.has(c))).toEqual([]);
  });
});
