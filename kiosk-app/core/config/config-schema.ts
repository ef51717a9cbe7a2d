import * as z from 'zod';
import { LANGUAGES } from '../../../common/languages';
import { LOG_LEVELS } from '../../../common/logger';
import type { AnyDeviceModule } from '../../../device-drivers/device-module';
import { DEVICE_MODULES, type DeviceSection } from '../../../device-drivers/device-registry';
import { parsePinHash } from '../maintenance/maintenance-pin';
import { DEFAULT_PERMISSIONS, STAFF_PERMISSIONS, STAFF_ROLES, type StaffPermission, type StaffRole } from '../../api/staff-contract';

// One JSON file configures a kiosk. Unknown keys are refused so a typo is caught at
// start instead of silently falling back to a default.

const languageSchema = z.enum(LANGUAGES);

/**
 * A device section: `{ "kind": "none" }` (not fitted), or what the device's module accepts,
 * checked strictly here so a typo stops the start naming the field. The section is kept as
 * written; the module reads it again when it starts the device.
 */
function deviceSectionSchema(module: AnyDeviceModule) {
  return z.looseObject({ kind: z.string().min(1) }).superRefine((section, ctx) => {
    if (section.kind === 'none') {
      const extra = Object.keys(section).filter((k) => k !== 'kind');
      if (extra.length > 0) ctx.addIssue({ code: 'custom', message: `kind "none" takes no other setting (found "${extra.join('", "')}")` });
      return;
    }
    const parsed = module.parseConfig(section);
    if (!parsed.ok) for (const p of parsed.error) ctx.addIssue({ code: 'custom', message: p.message, path: p.path ? p.path.split('.') : [] });
  });
}
type DeviceSectionSchema = ReturnType<typeof deviceSectionSchema>;

/** One section per device module in the registry, each defaulting to the simulator (the demo). */
function deviceSections(): { [S in DeviceSection]: z.ZodDefault<DeviceSectionSchema> } {
  return Object.fromEntries(DEVICE_MODULES.map((m) => [m.section, deviceSectionSchema(m).default({ kind: 'simulator' })])) as { [S in DeviceSection]: z.ZodDefault<DeviceSectionSchema> };
}

/**
 * Where the database key comes from; never a file beside the database it protects.
 * `credential`: a systemd credential (LoadCredential= / LoadCredentialEncrypted=, the latter
 * bindable to the machine's TPM), read from $CREDENTIALS_DIRECTORY. `file`: an absolute path
 * outside the data dir, owned by the kiosk's user, mode 0600 or 0400.
 */
export const storeKeySourceSchema = z.union([
  z.strictObject({ credential: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a systemd credential name (letters, digits, . _ -)') }),
  z.strictObject({ file: z.string().startsWith('/', 'an absolute path') }),
]);

/** A community point a citizen may book at: what the slip prints and what is said when the city is unreachable. */
const bookingPointSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{2,24}$/, 'capital letters, digits and - (2–24)'),
  name: z.string().min(1).max(120),
  address: z.string().min(1).max(200),
  /** Said when booking cannot reach the city: the citizen can phone the point instead. */
  phone: z.string().regex(/^[0-9 .+-]{8,20}$/, 'a phone number'),
});

/** The demo's points (and the embedded sandbox's): one urban, one outlying, as the city's model has. */
const DEMO_BOOKING_POINTS = [
  { code: 'NVH-BD01', name: 'Nhà văn hoá phường Ba Đình', address: 'Số 2 phố Hoàng Diệu, phường Ba Đình, Hà Nội', phone: '024 3823 0001' },
  { code: 'TYT-BV01', name: 'Trạm y tế xã Ba Vì', address: 'Thôn Yên Thái, xã Ba Vì, Hà Nội', phone: '024 3386 0002' },
] as const;

export const kioskConfigSchema = z.strictObject({
  /**
   * The demo: simulators, the embedded city sandbox and the public demo PIN. Set only by
   * `kiosk start --demo` (and `npm start`), never by a config file: see config-loader.
   */
  demo: z.boolean().default(false),
  kiosk: z
    .strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/, 'letters, digits, - and _ (3–40)').default('demo-kiosk-01'),
      /** kiosk: citizens alone; community: postal staff assist; bus: mobile office, mostly offline. */
      mode: z.enum(['kiosk', 'community', 'bus']).default('kiosk'),
      name: z.string().min(1).default('Kiosk trình diễn — Trung tâm Phục vụ hành chính công Hà Nội'),
      branchCode: z.string().min(1).default('CN01'),
      /** A branch kiosk issues queue numbers from its own sequence when offline. */
      branchKiosk: z.boolean().default(true),
    })
    .prefault({}),
  /** Community service points (mode "community"): the point, the staff's shift, what each role may do. */
  community: z
    .strictObject({
      /** The point this device serves: its appointments, its day list, its shift report. */
      pointCode: z.string().regex(/^[A-Z0-9-]{2,24}$/, 'capital letters, digits and - (2–24)').default('NVH-BD01'),
      /** The staff member's shift locks after this long with no key, click or touch (signing in again opens it). */
      lockAfterMinutes: z.number().int().min(1).max(120).default(5),
      /** What each role may do. Collaborators prepare and check; whether they submit is the centre's rule. */
      permissions: z
        .strictObject(
          Object.fromEntries(STAFF_ROLES.map((r) => [r, z.array(z.enum(STAFF_PERMISSIONS)).default([...DEFAULT_PERMISSIONS[r]])])) as {
            [R in StaffRole]: z.ZodDefault<z.ZodArray<z.ZodEnum<{ [P in StaffPermission]: P }>>>;
          },
        )
        .prefault({}),
    })
    .prefault({}),
  /** Booking a slot at a community point from this device ("Đặt lịch hẹn tại điểm phục vụ gần nhà"). */
  booking: z
    .strictObject({
      /** The points a citizen here may book at, nearest first; none: the booking button is not shown. */
      points: z.array(bookingPointSchema).max(20).default([...DEMO_BOOKING_POINTS]),
      /** How far ahead a slot may be booked. */
      daysAhead: z.number().int().min(1).max(60).default(14),
    })
    .prefault({}),
  ui: z
    .strictObject({
      defaultLanguage: languageSchema.default('vi'),
      orientation: z.enum(['auto', 'portrait', 'landscape']).default('auto'),
    })
    .prefault({}),
  session: z
    .strictObject({
      idleTimeoutSeconds: z.number().int().min(10).max(1800).default(90),
      warningSeconds: z.number().int().min(5).max(120).default(15),
    })
    .refine((s) => s.warningSeconds < s.idleTimeoutSeconds, {
      message: 'warningSeconds must be shorter than idleTimeoutSeconds',
      path: ['warningSeconds'],
    })
    .prefault({}),
  storage: z
    .strictObject({
      /** Relative paths are resolved against the config file's folder. */
      dataDir: z.string().min(1).default('.kiosk-data'),
      /** Days personal data is kept after the city confirms receipt. */
      retentionDays: z.number().int().min(1).max(365).default(30),
      /** Required outside the demo; the demo keeps a key file in its data dir. */
      key: storeKeySourceSchema.optional(),
      /** Below this share of the disk free, the board warns the technician. */
      lowFreePercent: z.number().min(1).max(90).default(10),
      /**
       * Below this share free, or below refuseBelowMb, no new dossier is begun: the room left
       * lets the journeys under way finish (scans, receipts) and the outbox keep syncing.
       */
      refuseBelowPercent: z.number().min(0).max(50).default(2),
      refuseBelowMb: z.number().int().min(10).max(100_000).default(200),
      /** How often free space and the database size are read for the board. */
      checkEverySeconds: z.number().int().min(1).max(3600).default(60),
      /** How often the database is read page by page (SQLite quick_check); also at start. */
      databaseCheckEveryHours: z.number().min(0.5).max(168).default(6),
    })
    .refine((s) => s.refuseBelowPercent < s.lowFreePercent, { message: 'refuseBelowPercent must be below lowFreePercent', path: ['refuseBelowPercent'] })
    .prefault({}),
  /** The log under <dataDir>/logs (and stderr, the journal under systemd). */
  logging: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
      /** A new file is begun at this size. */
      maxFileMb: z.number().int().min(1).max(100).default(10),
      /** Files kept, the current one included. */
      keepFiles: z.number().int().min(2).max(50).default(10),
    })
    .prefault({}),
  city: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('embedded-sandbox'),
        port: z.number().int().min(0).max(65535).default(0),
        deviceId: z.string().min(1).default('demo-kiosk-01'),
        deviceToken: z.string().min(16).default('demo-token-please-change-0001'),
        /** Seconds until the sandbox moves a dossier to processing / completed. */
        processingAfterSeconds: z.number().min(0).default(30),
        completedAfterSeconds: z.number().min(0).default(120),
        needsSupplementRate: z.number().min(0).max(1).default(0),
      }),
      z.strictObject({
        kind: z.literal('remote'),
        baseUrl: z.url(),
        deviceId: z.string().min(1),
        deviceToken: z.string().min(16),
      }),
    ])
    .default({
      kind: 'embedded-sandbox',
      port: 0,
      deviceId: 'demo-kiosk-01',
      deviceToken: 'demo-token-please-change-0001',
      processingAfterSeconds: 30,
      completedAfterSeconds: 120,
      needsSupplementRate: 0,
    }),
  devices: z
    .strictObject({
      ...deviceSections(),
      vietQr: z
        .strictObject({
          enabled: z.boolean().default(true),
          bankBin: z.string().regex(/^\d{6}$/).default('970415'),
          accountNumber: z.string().regex(/^[0-9A-Za-z]{1,19}$/).default('113000000123'),
          accountName: z.string().min(1).max(70).default('TRUNG TAM PHUC VU HANH CHINH CONG HA NOI'),
          /** How long the kiosk waits for the bank notification before offering staff confirmation. */
          confirmTimeoutSeconds: z.number().int().min(10).max(1800).default(300),
        })
        .prefault({}),
    })
    .prefault({}),
  assistant: z
    .strictObject({
      onlineModel: z
        .strictObject({
          baseUrl: z.url(),
          model: z.string().min(1),
          apiKey: z.string().optional(),
          timeoutMs: z.number().int().min(200).max(20000).default(2500),
        })
        .optional(),
    })
    .prefault({}),
  maintenance: z
    .strictObject({
      /** scrypt hash of the technician PIN ("scrypt$N$salt$hash", from `kiosk hash-pin`; N in 2^14…2^20); the demo PIN is 246810. */
      pinHash: z
        .string()
        .superRefine((v, ctx) => {
          const r = parsePinHash(v);
          if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error.reason, params: { code: r.error.code } });
        })
        .optional(),
      maxAttempts: z.number().int().min(1).max(20).default(5),
      lockoutMinutes: z.number().int().min(1).max(1440).default(15),
    })
    .prefault({}),
});

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type StoreKeySourceConfig = z.infer<typeof storeKeySourceSchema>;

export type Language = z.infer<typeof languageSchema>;
