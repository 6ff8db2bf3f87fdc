// status_table.h - the one table of libpcap status codes and their texts.
//
// WPCAP_STATUS_TABLE(X) expands X(name, value, text) for every code that
// pcap_statustostr() knows; status.cc turns it into the lookup function.
#pragma once

#define WPCAP_STATUS_TABLE(X)                                                                       \
  X(kWarning, 1, "Generic warning")                                                                  \
  X(kWarningPromiscNotsup, 2, "That device doesn't support promiscuous mode")                       \
  X(kWarningTstampTypeNotsup, 3, "That type of time stamp is not supported by that device")         \
  X(kError, -1, "Generic error")                                                                     \
  X(kErrorBreak, -2, "Loop terminated by pcap_breakloop")                                            \
  X(kErrorNotActivated, -3, "The pcap_t has not been activated")                                     \
  X(kErrorActivated, -4, "The setting can't be changed after the pcap_t is activated")               \
  X(kErrorNoSuchDevice, -5, "No such device exists")                                                 \
  X(kErrorRfmonNotsup, -6, "That device doesn't support monitor mode")                              \
  X(kErrorNotRfmon, -7, "That operation is supported only in monitor mode")                          \
  X(kErrorPermDenied, -8, "You don't have permission to perform this capture on that device")       \
  X(kErrorIfaceNotUp, -9, "That device is not up")                                                   \
  X(kErrorCantsetTstampType, -10, "That device doesn't support setting the time stamp type")        \
  X(kErrorPromiscPermDenied, -11, "You don't have permission to capture in promiscuous mode on that device")\
  X(kErrorTstampPrecisionNotsup, -12, "That device doesn't support that time stamp precision")      \
  X(kErrorCaptureNotsup, -13, "Packet capture is not supported on that device")
