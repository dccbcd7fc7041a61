/**
 * Sample content for a new database: a lobby screen named 大厅电子屏 and sample disclosures for
 * catalog items 1, 6, 7 and 9, each flagged as a sample, so a newcomer can watch a screen publish.
 * Addresses, times and phone numbers here are placeholders, marked 示例, not the committee's own.
 */
import type { Kysely } from 'kysely';
import type { Body } from '../shared/content.ts';
import type { Database } from './db/schema.ts';
import { createDisclosure, publishDisclosure } from './disclosure-store.ts';
import { replaceSchedule } from './schedule-store.ts';
import { createScreen } from './screen-store.ts';
import { putSettings } from './settings-store.ts';

export const SAMPLE_SCREEN_NAME = '大厅电子屏';

const paragraph = (text: string) => ({ type: 'paragraph' as const, spans: [{ text }] });

interface SampleDisclosure {
  catalogItem: number;
  title: string;
  body: Body;
  seconds: number;
}

const SAMPLES: SampleDisclosure[] = [
  {
    catalogItem: 1,
    title: '钟楼居民区简介（示例）',
    seconds: 15,
    body: [
      {
        type: 'list',
        ordered: false,
        items: [
          '居委会名称：钟楼居民委员会',
          '办公地址：朱泾镇示例路 1 号（示例）',
          '办公时间：周一至周五 8:30—11:30，13:00—17:00（示例）',
          '联系电话：021-0000 0000（示例）',
          '邮政编码：201500（示例）',
        ],
      },
    ],
  },
  {
    catalogItem: 6,
    title: '冬季文化活动安排（示例）',
    seconds: 15,
    body: [
      paragraph('为丰富居民文化生活，居委会将在本月举办以下活动，欢迎居民踊跃参加。'),
      {
        type: 'list',
        ordered: true,
        items: [
          '书法交流：每周二 9:00，居委会活动室',
          '戏曲欣赏：每周四 14:00，社区文化中心二楼',
          '健身操教学：每周六 8:00，小区中心广场',
        ],
      },
      {
        type: 'paragraph',
        spans: [
          { text: '报名方式：' },
          { text: '到居委会办公室登记', strong: true },
          { text: '，或拨打居委会联系电话。' },
        ],
      },
    ],
  },
  {
    catalogItem: 7,
    title: '便民服务大篷车进小区（示例）',
    seconds: 15,
    body: [
      paragraph('服务时间：本月第二个星期六 8:30—11:30。'),
      paragraph('服务地点：小区中心广场。'),
      paragraph(
        '服务项目：磨刀、修伞、理发、测血压、家电小修、法律咨询。学雷锋志愿者同时提供代写书信服务。',
      ),
    ],
  },
  {
    catalogItem: 9,
    title: '为老服务政策与咨询（示例）',
    seconds: 15,
    body: [
      paragraph('居委会为辖区老年居民提供以下服务，有需要的居民可到居委会咨询办理。'),
      { type: 'heading', text: '服务内容' },
      {
        type: 'list',
        ordered: true,
        items: [
          '老年综合津贴申请：年满 65 周岁的本市户籍老人，可凭身份证、户口簿到居委会登记。',
          '居家养老服务评估：行动不便的老人可申请上门评估，评估后按等级享受居家照护服务。',
          '助餐服务：社区长者食堂每日供应午餐，独居、高龄老人可预约送餐上门。',
          '紧急呼叫：独居老人可申请安装紧急呼叫设备，遇到紧急情况一键呼叫。',
        ],
      },
      { type: 'heading', text: '办理指南' },
      paragraph(
        '携带本人身份证、户口簿到居委会办公室，工作人员当场登记，并告知后续办理进度。行动不便的老人可由家属代办，或电话预约工作人员上门服务。',
      ),
      paragraph('咨询电话：021-0000 0000（示例）。'),
    ],
  },
];

/** Create the sample screen and disclosures; returns the screen's id and its one-time token. */
export async function createSampleContent(db: Kysely<Database>, now: number) {
  const disclosureIds: number[] = [];
  for (const sample of SAMPLES) {
    const id = await createDisclosure(
      db,
      { catalogItem: sample.catalogItem, title: sample.title, body: sample.body, images: [] },
      { now, sample: true },
    );
    await publishDisclosure(db, id, now);
    disclosureIds.push(id);
  }

  const screen = await createScreen(
    db,
    {
      name: SAMPLE_SCREEN_NAME,
      location: '居委会一楼大厅',
      orientation: 'landscape',
      channel: 'e-screen',
    },
    now,
  );
  await replaceSchedule(
    db,
    { screenId: screen.id },
    {
      entries: SAMPLES.map((sample, index) => ({
        target: { kind: 'disclosure' as const, disclosureId: disclosureIds[index]! },
        seconds: sample.seconds,
        from: null,
        until: null,
        dayparts: [],
        priority: 0,
      })),
    },
  );
  await putSettings(
    db,
    {
      office_hours: '周一至周五 8:30—11:30，13:00—17:00（示例）',
      contact: '021-0000 0000（示例）',
      address: '朱泾镇示例路 1 号（示例）',
    },
    now,
  );
  return screen;
}
