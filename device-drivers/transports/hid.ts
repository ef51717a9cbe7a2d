import type * as NodeHidModule from 'node-hid';

/**
 * A thin seam over node-hid, so the HID barcode reader can be driven by captured reports in
 * tests. node-hid is loaded lazily: its prebuilt binary needs libusb-1.0.so.0, and a
 * missing library must become a `disconnected` status, not a crash at import time.
 */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
  interface?: number;
}

export interface HidDeviceHandle {
  on(event: 'data', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export interface HidApi {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDeviceHandle>;
}

type NodeHid = typeof NodeHidModule;

export function createNodeHidApi(): HidApi {
  let mod: Promise<NodeHid> | null = null;
  const load = () => (mod ??= import('node-hid') as Promise<NodeHid>);
  return {
    async devices() {
      const hid = await load();
      return (await hid.devicesAsync()).map((d) => ({
        vendorId: d.vendorId,
        productId: d.productId,
        path: d.path,
        product: d.product,
        usagePage: d.usagePage,
        usage: d.usage,
        interface: d.interface,
      }));
    },
    async open(path: string) {
      const hid = await load();
      return (await hid.HIDAsync.open(path)) as unknown as HidDeviceHandle;
    },
  };
}
