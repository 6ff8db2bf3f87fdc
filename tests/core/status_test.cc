// status_test.cc - the status table: every libpcap code has its text,
// unknown codes get "Unknown error: N".
#include "core/status.h"
#include "core/result.h"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Status, KnownCodes) {
  EXPECT_STREQ(wpcap::status_to_string(-1), "Generic error");
  EXPECT_STREQ(wpcap::status_to_string(-2), "Loop terminated by pcap_breakloop");
  EXPECT_STREQ(wpcap::status_to_string(-6), "That device doesn't support monitor mode");
  EXPECT_STREQ(wpcap::status_to_string(3), "That type of time stamp is not supported by that device");
  EXPECT_EQ(static_cast<int>(wpcap::StatusCode::kErrorCaptureNotsup), -13);
}

TEST(Status, UnknownCodes) {
  EXPECT_EQ(std::string(wpcap::status_to_string(-99)), "Unknown error: -99");
  EXPECT_EQ(std::string(wpcap::status_to_string(42)), "Unknown error: 42");
}

TEST(Status, ResultCarriesValueOrStatus) {
  wpcap::Result<int> ok(5);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 5);
  wpcap::Result<int> bad(wpcap::Status(-5, "no such device"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().code(), -5);
  EXPECT_EQ(bad.status().message(), "no such device");
}

}  // namespace
