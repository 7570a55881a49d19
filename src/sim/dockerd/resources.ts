/**
 * The part of Go's `container.Resources` that reads the same in the CLI's create
 * request and in dockerd's inspect when no limit was asked for: CpuShares through
 * MemorySwap, zero values in Go's field order. The fields after them differ between
 * the two (the CLI sends MemorySwappiness -1 and PidsLimit 0, dockerd keeps null), so
 * each side writes those itself. Frozen: every body shares these empty lists.
 */
export const UNSET_RESOURCES = Object.freeze({
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CgroupParent: '',
  BlkioWeight: 0,
  BlkioWeightDevice: Object.freeze([]),
  BlkioDeviceReadBps: Object.freeze([]),
  BlkioDeviceWriteBps: Object.freeze([]),
  BlkioDeviceReadIOps: Object.freeze([]),
  BlkioDeviceWriteIOps: Object.freeze([]),
  CpuPeriod: 0,
  CpuQuota: 0,
  CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0,
  CpusetCpus: '',
  CpusetMems: '',
  Devices: Object.freeze([]),
  DeviceCgroupRules: null,
  DeviceRequests: null,
  MemoryReservation: 0,
  MemorySwap: 0,
});
