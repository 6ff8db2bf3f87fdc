// byte_source_test.cc - ByteSource over regular files (buffered and mmap),
// pipes fed piece by piece, FILE*s whose stdio buffer already holds bytes,
// files that grow while being read, and records larger than the buffer.
#include "capture/savefile/byte_source.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "savefile_test_util.h"

namespace wpcap::savefile::test {
namespace {

using testing::Bytes;

std::string temp_file(const Bytes& b, const char* name) {
  std::string path = testing::temp_dir() + "/" + name;
  EXPECT_TRUE(testing::write_file(path, b));
  return path;
}

// Reads everything in chunks of `chunk` bytes through peek/advance.
Bytes drain(ByteSource& s, size_t chunk) {
  Bytes out;
  for (;;) {
    size_t got = 0;
    const unsigned char* p = s.peek(chunk, &got);
    size_t n = p != nullptr ? chunk : got;
    if (p == nullptr) p = s.peek(got, &got);
    if (n == 0) break;
    out.insert(out.end(), p, p + n);
    s.advance(n);
    if (n < chunk) break;
  }
  return out;
}

TEST(ByteSource, RegularFileBothPaths) {
  const Bytes data = seq(100000);
  const std::string path = temp_file(data, "bs-regular");
  for (auto mode : {ByteSource::Mode::kBuffered, ByteSource::Mode::kMmap}) {
    for (size_t chunk : {1, 7, 4096, 70000}) {
      FILE* f = fopen(path.c_str(), "rb");
      ASSERT_NE(f, nullptr);
      auto s = ByteSource::open(f, mode);
      ASSERT_TRUE(s.has_value());
      EXPECT_EQ(s.value()->mapped(), mode == ByteSource::Mode::kMmap);
      EXPECT_EQ(drain(*s.value(), chunk), data) << "chunk " << chunk;
      fclose(f);
    }
  }
}

TEST(ByteSource, FileStarPositionAndStdioBufferAreHonoured) {
  const Bytes data = seq(5000);
  const std::string path = temp_file(data, "bs-offset");
  FILE* f = fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(fgetc(f), 0);  // stdio has now read ahead a whole buffer
  ASSERT_EQ(fgetc(f), 1);
  for (auto mode : {ByteSource::Mode::kBuffered, ByteSource::Mode::kMmap}) {
    ASSERT_EQ(fseek(f, 2, SEEK_SET), 0);
    ASSERT_EQ(fgetc(f), 2);
    auto s = ByteSource::open(f, mode);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(drain(*s.value(), 333), Bytes(data.begin() + 3, data.end()));
  }
  fclose(f);
}

TEST(ByteSource, PipeDeliversWhatArrivesAndLargeRecords) {
  const Bytes data = seq(3 * 1024 * 1024 + 17);  // larger than the 1 MiB buffer
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    size_t off = 0;
    while (off < data.size()) {
      size_t n = std::min<size_t>(999, data.size() - off);
      if (write(fds[1], data.data() + off, n) != static_cast<ssize_t>(n)) _exit(1);
      off += n;
    }
    _exit(0);
  }
  close(fds[1]);
  FILE* f = fdopen(fds[0], "rb");
  auto s = ByteSource::open(f);
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s.value()->mapped());
  size_t got = 0;
  const unsigned char* big = s.value()->peek(2 * 1024 * 1024, &got);  // one record bigger than the buffer
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(Bytes(big, big + 2 * 1024 * 1024), Bytes(data.begin(), data.begin() + 2 * 1024 * 1024));
  s.value()->advance(2 * 1024 * 1024);
  EXPECT_EQ(s.value()->discard(10), 10u);
  EXPECT_EQ(drain(*s.value(), 4096), Bytes(data.begin() + 2 * 1024 * 1024 + 10, data.end()));
  fclose(f);
  waitpid(pid, nullptr, 0);
}

TEST(ByteSource, GrowingFileIsFollowed) {
  for (auto mode : {ByteSource::Mode::kBuffered, ByteSource::Mode::kMmap}) {
    const std::string path = temp_file(seq(100), "bs-grow");
    FILE* f = fopen(path.c_str(), "rb");
    auto s = ByteSource::open(f, mode);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(drain(*s.value(), 64), seq(100));
    FILE* w = fopen(path.c_str(), "ab");
    const Bytes more = seq(50, 100);
    fwrite(more.data(), 1, more.size(), w);
    fclose(w);
    EXPECT_EQ(drain(*s.value(), 64), more);
    fclose(f);
  }
}

TEST(ByteSource, MemoryAndShortPeek) {
  const Bytes data = seq(10);
  auto s = ByteSource::from_memory(data.data(), data.size());
  size_t got = 99;
  EXPECT_EQ(s->peek(11, &got), nullptr);
  EXPECT_EQ(got, 10u);
  EXPECT_NE(s->peek(10, &got), nullptr);
  EXPECT_EQ(s->discard(20), 10u);
  EXPECT_EQ(s->consumed(), 10u);
}

}  // namespace
}  // namespace wpcap::savefile::test
