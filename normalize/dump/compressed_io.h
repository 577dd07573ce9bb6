// Internal to the normalize executable.
//
// Byte streams that may be gzip or zstd compressed, behind one small reader
// and writer interface. Readers pick the codec by magic bytes (files and stdin
// alike); writers by the output name's extension (.gz, .zst). Errors are
// values: nothing here prints or exits. zlib and libzstd are known to
// compressed_io.cc only.
#ifndef NORMALIZE_DUMP_COMPRESSED_IO_H_
#define NORMALIZE_DUMP_COMPRESSED_IO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace normalize::io {

enum class Codec { kNone, kGzip, kZstd };

class Reader {
 public:
  virtual ~Reader() = default;
  // Fills buf with up to n decoded bytes. Returns the count, 0 at the end of
  // the stream, or -1 with error() set (a truncated or corrupt stream, EIO).
  virtual long read(char* buf, std::size_t n) = 0;
  // Bytes taken from the underlying file so far (compressed bytes for gz/zst).
  virtual std::uint64_t raw_bytes() const = 0;
  virtual Codec codec() const = 0;
  const std::string& error() const { return error_; }

 protected:
  // Records why the stream failed; read() returns this -1 from then on.
  long fail(std::string message) {
    error_ = std::move(message);
    failed_ = true;
    return -1;
  }
  std::string error_;
  bool failed_ = false;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // False with error() set; err_no() is the errno of a failed write (EPIPE).
  virtual bool write(std::string_view bytes) = 0;
  // Flushes the codec's tail and closes the file (not stdout's descriptor).
  virtual bool close() = 0;
  const std::string& error() const { return error_; }
  int err_no() const { return errno_; }

 protected:
  std::string error_;
  int errno_ = 0;
};

// "-" is stdin. Null with *error set when the file cannot be opened.
std::unique_ptr<Reader> open_reader(const std::string& path, std::string* error);
// "-" is stdout (never compressed). Null with *error set on failure.
std::unique_ptr<Writer> open_writer(const std::string& path, std::string* error);

// The codec an output name asks for: ".gz" gzip, ".zst"/".zstd" zstd.
Codec codec_for_name(std::string_view path);
// A name without its compression extension ("a.jsonl.gz" -> "a.jsonl").
std::string_view strip_codec_extension(std::string_view path);

}  // namespace normalize::io

#endif  // NORMALIZE_DUMP_COMPRESSED_IO_H_
