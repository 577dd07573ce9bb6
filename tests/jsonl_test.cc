// JSONL mode through the real binary: splicing (only the text field's value
// changes), bad lines passed through and reported, compression, ordered and
// deterministic output for any thread count and batch size, and a corrupted
// dump where records in = records out. Also compressed_io round trips.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <random>

#include "normalize/dump/compressed_io.h"
#include "normalize/dump/jsonl.h"
#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;

using testing::CmdRun;

fs::path dir() { return testing::temp_dir("normalize_jsonl_test"); }

void write(const std::string& name, const std::string& text) {
  std::ofstream(dir() / name, std::ios::binary) << text;
}
std::string read(const std::string& name) { return testing::read_file((dir() / name).string()); }

// Runs normalize in dir() with `input` on stdin; env is prefixed to the command.
CmdRun run(const std::string& args, const std::string& input = "", const std::string& env = "") {
  return testing::run_normalize(dir(), args, input, env);
}

const std::string& kRule = testing::kReplyRule;
const std::string kOwnRules = "--no-default-rules --rules rules.yaml ";

class Jsonl : public ::testing::Test {
 protected:
  void SetUp() override { write("rules.yaml", kRule); }
};

TEST_F(Jsonl, OnlyTheTextValueChanges) {
  std::string in =
      "{ \"id\" : \"a\",\t\"meta\":{\"text\":\"nested stays\",\"n\":[1, 2.50, true]}, \"text\" : "
      "\"Body  one.\\n\\nLeave a Reply\\n\\nName\" , \"z\":null }\n";
  CmdRun r = run("--jsonl " + kOwnRules + "--audit audit.jsonl", in);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{ \"id\" : \"a\",\t\"meta\":{\"text\":\"nested stays\",\"n\":[1, 2.50, true]}, \"text\" : "
            "\"Body one.\\n\" , \"z\":null }\n");
  EXPECT_EQ(read("audit.jsonl"),
            "{\"doc\":\"a\",\"lang\":\"\",\"rule\":\"t.cw.reply\",\"category\":\"comment-widget\",\"action\":\"remove-rest\","
            "\"start\":12,\"end\":31,\"line\":3,\"text\":\"Leave a Reply\\n\\nName\"}\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Jsonl, DuplicateEscapedAndNumericKeys) {
  // The first "text" wins (the second passes through); an escaped key is the
  // same key; a numeric id is written as its JSON text; no id: line number.
  std::string in =
      "{\"id\":7,\"text\":\"Leave a Reply\",\"text\":\"Leave a Reply\"}\n"
      "{\"te\\u0078t\":\"x\\u00e9\\ud83d\\ude00 \\\"q\\\"\"}\n"
      "{\"text\":\"Body.\\n\\nLeave a Reply\"}\n";
  CmdRun r = run("--jsonl " + kOwnRules + "--audit audit.jsonl", in);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"id\":7,\"text\":\"\",\"text\":\"Leave a Reply\"}\n"
            "{\"te\\u0078t\":\"x\xC3\xA9\xF0\x9F\x98\x80 \\\"q\\\"\\n\"}\n"
            "{\"text\":\"Body.\\n\"}\n");
  std::string audit = read("audit.jsonl");
  EXPECT_EQ(audit.rfind("{\"doc\":\"7\",", 0), 0u) << audit;
  EXPECT_NE(audit.find("\n{\"doc\":\"3\","), std::string::npos) << audit;
}

TEST_F(Jsonl, BadLinesPassThroughAndAreReported) {
  std::string in =
      "{\"text\":\"ok\"}\n"
      "not json at all\n"
      "[1,2]\n"
      "{\"id\":\"x\"}\n"
      "{\"text\":null}\n"
      "{\"text\":\"a\"} trailing\n"
      "{\"a\":tru,\"text\":\"b\"}\n"
      "\n"
      "{\"text\":\"last, no newline\"";
  CmdRun r = run("--jsonl --audit audit.jsonl " + kOwnRules, in);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "{\"text\":\"ok\\n\"}\nnot json at all\n[1,2]\n{\"id\":\"x\"}\n{\"text\":null}\n"
            "{\"text\":\"a\"} trailing\n{\"a\":tru,\"text\":\"b\"}\n\n{\"text\":\"last, no newline\"");
  for (const char* m : {"normalize: <stdin>:2: error: ", "normalize: <stdin>:3: error: not a JSON object\n",
                        "normalize: <stdin>:4: error: no \"text\" field\n",
                        "normalize: <stdin>:5: error: field \"text\" is not a string\n",
                        "normalize: <stdin>:6: error: not valid JSON", "normalize: <stdin>:7: error: not valid JSON",
                        "normalize: <stdin>:9: error: not valid JSON"}) {
    EXPECT_NE(r.err.find(m), std::string::npos) << m << "\n" << r.err;
  }
  EXPECT_EQ(r.err.find(":8:"), std::string::npos) << "a blank line is not a record";
  std::string audit = read("audit.jsonl");
  EXPECT_NE(audit.find("{\"doc\":\"3\",\"line\":3,\"error\":\"not a JSON object\"}\n"), std::string::npos) << audit;
}

TEST_F(Jsonl, FieldOptionsRemovedFieldAndDropEmpty) {
  std::string in =
      "{\"key\":\"k1\",\"body\":\"Body.\\n\\nLeave a Reply\",\"text\":\"untouched\"}\n"
      "{\"key\":\"k2\",\"body\":\"Leave a Reply\"}\n";
  CmdRun r = run("--jsonl " + kOwnRules + "--text-field body --id-field key --removed-field removed", in);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"key\":\"k1\",\"body\":\"Body.\\n\",\"text\":\"untouched\",\"removed\":[{\"lang\":\"\",\"rule\":\"t.cw.reply\","
            "\"category\":\"comment-widget\",\"action\":\"remove-rest\",\"start\":7,\"end\":20,\"line\":3,"
            "\"text\":\"Leave a Reply\"}]}\n"
            "{\"key\":\"k2\",\"body\":\"\",\"removed\":[{\"lang\":\"\",\"rule\":\"t.cw.reply\",\"category\":\"comment-widget\","
            "\"action\":\"remove-rest\",\"start\":0,\"end\":13,\"line\":1,\"text\":\"Leave a Reply\"}]}\n");
  CmdRun d = run("--jsonl " + kOwnRules + "--text-field body --drop-empty --audit audit.jsonl", in);
  EXPECT_EQ(d.out, "{\"key\":\"k1\",\"body\":\"Body.\\n\",\"text\":\"untouched\"}\n");
  EXPECT_NE(read("audit.jsonl").find("\"doc\":\"2\""), std::string::npos) << "dropped records are still audited";
}

TEST_F(Jsonl, ByteOrderMarkAndCrlfPassThrough) {
  CmdRun r = run("--jsonl " + kOwnRules, "\xEF\xBB\xBF{\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "\xEF\xBB\xBF{\"text\":\"a\\n\"}\r\n{\"text\":\"b\\n\"}\r\n");
}

TEST_F(Jsonl, SeveralFilesNumberTheirOwnLines) {
  write("f1.jsonl", "{\"text\":\"a\"}\nbad\n");
  write("f2.jsonl", "{\"text\":\"Leave a Reply\"}\nbad\n");
  CmdRun r = run(kOwnRules + "--audit audit.jsonl f1.jsonl missing.jsonl f2.jsonl");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "{\"text\":\"a\\n\"}\nbad\n{\"text\":\"\"}\nbad\n");
  EXPECT_EQ(r.err,
            "normalize: f1.jsonl:2: error: not a JSON object\n"
            "normalize: missing.jsonl: error: cannot read: No such file or directory\n"
            "normalize: f2.jsonl:2: error: not a JSON object\n");
  std::string audit = read("audit.jsonl");
  EXPECT_NE(audit.find("{\"doc\":\"f1.jsonl:2\",\"line\":2,\"error\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("{\"doc\":\"f2.jsonl:1\",\"lang\":\"\",\"rule\":\"t.cw.reply\""), std::string::npos) << audit;
}

TEST_F(Jsonl, FormatFieldAndAutoDetectionByName) {
  // The same markup, read as HTML in one record and as text in the other.
  write("in.ndjson", "{\"text\":\"<p>a</p>\",\"fmt\":\"html\"}\n{\"text\":\"<p>b</p>\",\"fmt\":\"text\"}\n");
  CmdRun r = run(kOwnRules + "--format-field fmt in.ndjson");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"text\":\"a\\n\",\"fmt\":\"html\"}\n{\"text\":\"<p>b</p>\\n\",\"fmt\":\"text\"}\n");
  EXPECT_EQ(r.err, "");
}

// Records built from boilerplate and ordinary lines, with a fixed seed.
std::string generated_dump(int n) {
  const char* lines[] = {"Leave a Reply", "Featured image via Jane Roe/Getty Images", "Share this:",
                         "WASHINGTON (Reuters) - The Senate voted on Tuesday.", "A plain sentence of the article.",
                         "Subscribe to our newsletter", "Caf\\u00e9 \\t tab", "READ MORE: Something else",
                         "By Jane Roe", "The end of the story, with \\\"quotes\\\"."};
  std::mt19937 rng(20240501);
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"";
    int k = 1 + static_cast<int>(rng() % 8);
    for (int j = 0; j < k; ++j) out += std::string(j ? (rng() % 2 ? "\\n\\n" : " ") : "") + lines[rng() % 10];
    out += "\",\"n\":" + std::to_string(rng() % 1000) + "}\n";
    if (rng() % 97 == 0) out += "{broken\n";
  }
  return out;
}

TEST_F(Jsonl, SameBytesForAnyThreadCountAndBatchSize) {
  write("dump.jsonl", generated_dump(3000));
  CmdRun one = run("--threads 1 --audit a1.jsonl dump.jsonl", "", "NORMALIZE_BATCH_BYTES=1000000");
  ASSERT_EQ(one.code, 1);  // the {broken lines
  std::string audit1 = read("a1.jsonl");
  EXPECT_NE(audit1.find("\"rule\":"), std::string::npos);
  for (const char* batch : {"100", "4096", "65536"}) {
    CmdRun many = run("--threads 8 --audit a8.jsonl dump.jsonl", "", std::string("NORMALIZE_BATCH_BYTES=") + batch);
    EXPECT_EQ(many.code, 1);
    EXPECT_TRUE(one.out == many.out) << "output differs at batch " << batch;
    EXPECT_TRUE(audit1 == read("a8.jsonl")) << "audit differs at batch " << batch;
    EXPECT_EQ(one.err, many.err);
  }
}

TEST_F(Jsonl, CompressedInputsAndOutputs) {
  std::string dump = generated_dump(200);
  for (const char* name : {"c.jsonl.gz", "c.jsonl.zst"}) {
    std::string error;
    auto w = io::open_writer((dir() / name).string(), &error);
    ASSERT_TRUE(w) << error;
    ASSERT_TRUE(w->write(dump.substr(0, 1000)) && w->write(dump.substr(1000)) && w->close());
  }
  CmdRun plain = run("--jsonl", dump);
  CmdRun gz = run("c.jsonl.gz");
  CmdRun zst = run("c.jsonl.zst");
  CmdRun stdin_gz = run("--jsonl", read("c.jsonl.gz"));  // sniffed by magic bytes
  EXPECT_TRUE(plain.out == gz.out && plain.out == zst.out && plain.out == stdin_gz.out);
  CmdRun to_zst = run("--jsonl -o out.jsonl.zst", dump);
  CmdRun to_gz = run("--jsonl -o out.jsonl.gz --audit audit.jsonl.gz", dump);
  EXPECT_EQ(to_zst.out, "");
  for (const char* name : {"out.jsonl.zst", "out.jsonl.gz"}) {
    std::string error, got;
    auto r = io::open_reader((dir() / name).string(), &error);
    ASSERT_TRUE(r) << error;
    EXPECT_NE(r->codec(), io::Codec::kNone);
    char buf[777];
    long n;
    while ((n = r->read(buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
    EXPECT_EQ(n, 0) << r->error();
    EXPECT_TRUE(got == plain.out) << name;
  }
  // A truncated compressed file is an error after everything readable was written.
  std::string gzbytes = read("c.jsonl.gz");
  write("t.jsonl.gz", gzbytes.substr(0, gzbytes.size() / 2));
  CmdRun t = run("t.jsonl.gz");
  EXPECT_EQ(t.code, 1);
  EXPECT_NE(t.err.find("normalize: t.jsonl.gz: error: unexpected end of gzip data"), std::string::npos) << t.err;
  EXPECT_FALSE(t.out.empty());
}

TEST(JsonString, Escapes) {
  std::string s;
  jsonl::append_json_string(&s, "a\"b\\c\n\x01\t\xC3\xA9");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\n\\u0001\\t\xC3\xA9\"");
}

// A corrupted dump: binary junk, invalid UTF-8 inside strings, a 300 MB
// record, a truncated last line. Every line comes out, bad ones unchanged.
TEST_F(Jsonl, CorruptedDumpRecordsInEqualRecordsOut) {
  std::string dump = generated_dump(500);
  std::size_t mid = dump.size() / 2;
  mid = dump.find('\n', mid) + 1;
  const char kJunk[] = "\x00\x01\xFF\xFE{\"text\":\x80\x81}garbage";
  std::string junk(kJunk, sizeof kJunk - 1);
  std::string bad_utf8 = "{\"id\":\"u\",\"text\":\"caf\xC3 \xFF ok\"}";
  std::string big = "{\"id\":\"big\",\"blob\":\"" + std::string(300u << 20, 'x') + "\",\"text\":\"Share this:\"}";
  std::string input = dump.substr(0, mid) + junk + "\n" + bad_utf8 + "\n" + big + "\n" + dump.substr(mid) +
                      "{\"id\":\"trunc\",\"text\":\"cut he";
  write("corrupt.jsonl", input);
  input.clear();
  big.clear();
  big.shrink_to_fit();
  std::string cmd = "cd '" + dir().string() + "' && NORMALIZE_BATCH_BYTES=65536 '" + NORMALIZE_BINARY +
                    "' --threads 2 --quiet corrupt.jsonl > corrupt.out 2> corrupt.err";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream a(dir() / "corrupt.jsonl", std::ios::binary), b(dir() / "corrupt.out", std::ios::binary);
  std::string la, lb;
  std::size_t lines = 0, changed = 0;
  bool a_more, b_more;
  for (;;) {
    a_more = static_cast<bool>(std::getline(a, la));
    b_more = static_cast<bool>(std::getline(b, lb));
    if (!a_more || !b_more) break;
    ++lines;
    if (la.size() > 1000) {  // the big record: the blob passes through
      EXPECT_EQ(lb.rfind("{\"id\":\"big\",\"blob\":\"xxx", 0), 0u);
      EXPECT_EQ(lb.size(), la.size() - std::string("Share this:").size());
      continue;
    }
    if (la != lb) ++changed;
    if (la.find("{broken") == 0 || la.find("garbage") != std::string::npos || la.find("\"u\"") != std::string::npos ||
        la.find("trunc") != std::string::npos) {
      EXPECT_EQ(la, lb) << "line " << lines;
    }
  }
  EXPECT_EQ(a_more, b_more) << "records in != records out after " << lines << " lines";
  EXPECT_GT(lines, 500u);
  EXPECT_GT(changed, 100u);
  std::string err = read("corrupt.err");
  std::size_t junk_line = 1 + static_cast<std::size_t>(std::count(dump.begin(), dump.begin() + mid, '\n'));
  EXPECT_NE(err.find("normalize: corrupt.jsonl:" + std::to_string(junk_line) + ": error: "), std::string::npos) << err;
  EXPECT_NE(err.find("normalize: corrupt.jsonl:" + std::to_string(junk_line + 1) + ": error: not valid JSON"),
            std::string::npos) << err;
  fs::remove(dir() / "corrupt.jsonl");
  fs::remove(dir() / "corrupt.out");
}

TEST_F(Jsonl, ClosedPipeEndsQuietly) {
  write("many.jsonl", generated_dump(20000));
  std::string cmd = "cd '" + dir().string() + "' && set -o pipefail; '" + NORMALIZE_BINARY +
                    "' many.jsonl 2> pipe.err | head -c 10 > /dev/null";
  int status = std::system(("bash -c \"" + cmd + "\"").c_str());
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(read("pipe.err"), "");
}

TEST_F(Jsonl, UsageErrors) {
  EXPECT_EQ(run("-o x.txt").code, 2);                   // -o is for JSONL
  EXPECT_EQ(run("--jsonl --explain").code, 2);
  EXPECT_EQ(run("--jsonl --threads 0").code, 2);
  EXPECT_EQ(run("--jsonl -o /no/such/dir/x.jsonl").code, 2);
  CmdRun h = run("--help");
  for (const char* opt : {"--jsonl", "--text-field", "--id-field", "--format-field", "--removed-field",
                          "--drop-empty", "--threads", "--quiet", "--stats", "--output"}) {
    EXPECT_NE(h.out.find(opt), std::string::npos) << opt;
  }
}

TEST_F(Jsonl, StatsSummaryOnStderr) {
  CmdRun r = run("--jsonl --stats " + kOwnRules, "{\"text\":\"Body.\\n\\nLeave a Reply\"}\n");
  EXPECT_EQ(r.code, 0);
  for (const char* s : {"records: 1 (errors 0", "removals: 1", "comment-widget", "t.cw.reply", "MB/s"}) {
    EXPECT_NE(r.err.find(s), std::string::npos) << s << "\n" << r.err;
  }
}

}  // namespace
}  // namespace normalize
