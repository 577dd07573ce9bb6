// What Gumbo is fed: cuts map back to the page, and folding white space in
// text changes nothing a reader of the Document or the audit can see (the
// same blocks, byte for byte the same maps, the same removals), on pages
// written to trip it (CR LF, <pre>, raw text, odd quotes, bogus comments)
// and on generated tag soup.
#include <gtest/gtest.h>

#include <random>

#include "normalize/read/html_prepare.h"
#include "normalize/read/read.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

std::string prepared(std::string_view page, bool fold = true) {
  std::string out;
  OffsetMap map;
  return prepare_html(page, fold, &out, &map) ? out : std::string(page);
}

// Every byte of every block maps to the same page bytes either way.
void expect_same_documents(std::string_view page, const std::string& label) {
  CanonStats s1, s2;
  Document a = read_html(page, false, &s1, false), b = read_html(page, false, &s2, true);
  ASSERT_EQ(a.blocks.size(), b.blocks.size()) << label;
  std::vector<const Block*> xs = {&a.title}, ys = {&b.title};
  for (std::size_t i = 0; i < a.blocks.size(); ++i) {
    xs.push_back(&a.blocks[i]);
    ys.push_back(&b.blocks[i]);
  }
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const Block &x = *xs[i], &y = *ys[i];
    ASSERT_EQ(x.text, y.text) << label << " block " << i;
    EXPECT_EQ(x.kind, y.kind) << label;
    EXPECT_EQ(x.element, y.element) << label;
    EXPECT_EQ(x.link_chars, y.link_chars) << label;
    EXPECT_EQ(x.links_only, y.links_only) << label;
    for (std::size_t p = 0; p < x.text.size(); ++p) {
      ASSERT_EQ(x.map.source_begin(p), y.map.source_begin(p)) << label << " block " << i << " byte " << p;
      ASSERT_EQ(x.map.source_end(p + 1), y.map.source_end(p + 1)) << label << " block " << i << " byte " << p;
    }
  }
  ASSERT_EQ(a.elements.size(), b.elements.size()) << label;
  for (std::size_t i = 0; i < a.elements.size(); ++i) {
    EXPECT_EQ(a.elements[i].tag, b.elements[i].tag) << label;
    EXPECT_EQ(a.elements[i].attrs, b.elements[i].attrs) << label;
    EXPECT_EQ(a.elements[i].attributes, b.elements[i].attributes) << label;
    EXPECT_EQ(a.elements[i].end, b.elements[i].end) << label;
    EXPECT_EQ(a.elements[i].flags, b.elements[i].flags) << label;
  }
}

void expect_same_results(const RuleSet& rules, std::string_view page, const std::string& label) {
  Tuning off;
  off.fold_html_space = false;
  internal::Scratch scratch;
  Result a = clean_document(rules, Options{}, off, page, Format::kHtml, &scratch);
  Result b = clean_document(rules, Options{}, Tuning{}, page, Format::kHtml, &scratch);
  ASSERT_EQ(a.text, b.text) << label;
  ASSERT_EQ(a.removals.size(), b.removals.size()) << label;
  for (std::size_t i = 0; i < a.removals.size(); ++i) {
    EXPECT_EQ(a.removals[i].rule, b.removals[i].rule) << label;
    EXPECT_EQ(a.removals[i].start, b.removals[i].start) << label << " removal " << i;
    EXPECT_EQ(a.removals[i].end, b.removals[i].end) << label << " removal " << i;
  }
  ASSERT_EQ(a.warnings.size(), b.warnings.size()) << label;
}

TEST(PrepareHtml, CutsMapBackToThePage) {
  std::string page = "<p>a</p><script>var s = '<p>';</script><!-- note --><svg><g/></svg>\n\n  <p>b</p>";
  std::string out;
  OffsetMap map;
  ASSERT_TRUE(prepare_html(page, true, &out, &map));
  EXPECT_EQ(out, "<p>a</p><script></script><!----><svg></svg> <p>b</p>");
  ASSERT_EQ(map.length(), out.size());
  std::size_t b = out.find("<p>b");
  EXPECT_EQ(map.source_begin(b), page.find("<p>b"));
  EXPECT_EQ(map.source_begin(b - 1), page.find("\n\n  "));  // the folded run maps to all of it
  EXPECT_EQ(map.source_end(b), page.find("<p>b"));
  std::string plain = "<p>nothing to cut</p>";
  EXPECT_FALSE(prepare_html(plain, true, &out, &map));
}

TEST(PrepareHtml, FoldsTextRunsButNotWhereGumboReadsThemOtherwise) {
  EXPECT_EQ(prepared("<div>\n    <p>a   b\t\tc</p>\n</div>"), "<div> <p>a b c</p>\n</div>");
  EXPECT_EQ(prepared("<div>\n    <p>a</p>", false), "<div>\n    <p>a</p>");
  // CR: kept up to the first CR past a leading CR LF.
  EXPECT_EQ(prepared("<p>\r\n    a \r\n    b</p>"), "<p>\r\n a \r b</p>");
  // A pre is read verbatim (a code block): its white space stays, and
  // folding goes on after it.
  EXPECT_EQ(prepared("<pre>\n\n  x   y</pre>  z"), "<pre>\n\n  x   y</pre> z");
  EXPECT_EQ(prepared("<pre><pre>a  b</pre>  c</pre>  d"), "<pre><pre>a  b</pre>  c</pre> d");
  // Raw text: nothing inside folds, folding resumes after the end tag.
  EXPECT_EQ(prepared("<title>  a  <b>  </title>  <p>x</p>"), "<title>  a  <b>  </title> <p>x</p>");
  EXPECT_EQ(prepared("<textarea>\n\n  a</textarea >  x"), "<textarea>\n\n  a</textarea > x");
  // A quote Gumbo would not read as one, a bogus comment holding '<', a
  // CDATA section: the scan may disagree with Gumbo from there on.
  EXPECT_EQ(prepared("<p>a  b<a 'x>  <b title='y>  <i>'>  z"), "<p>a b<a 'x>  <b title='y>  <i>'>  z");
  EXPECT_EQ(prepared("<p>a  b<!x <b>  c>  d"), "<p>a b<!x <b>  c>  d");
  EXPECT_EQ(prepared("<p>a  b<!doctype x>  c"), "<p>a b<!doctype x> c");
  EXPECT_EQ(prepared("<math><![CDATA[ <b>  ]]></math>  x"), "<math><![CDATA[ <b>  ]]></math>  x");
}

TEST(PrepareHtml, FoldingChangesNothingOnTrickyPages) {
  const std::vector<std::string> pages = {
      "<html><head>\r\n  <title>\r\n  A   Title \r\n</title>\r\n</head><body>\r\n<h3>\r\n  Neue Rechte\r\n</h3>\r\n"
      "<p>one\r\n\r\n   two \r\n  <b>  three  </b>\r\n  four</p></body></html>",
      "<body>\r  <p>\r\r  lone  \r  CR</p>\n\r\n <p>\f\f\tform feed\f </p></body>",
      "<body><pre>\n\n  code   here\n  more</pre><listing>\n  x  y</listing><p>t<textarea>\n  a</textarea>  u</p>",
      "<body><table>\n  <tr>\n    <td>  a  </td>  <td>b </td>\n  </tr>  \n</table>x  <table> y  </table></body>",
      "<p>&amp;  x &nbsp;\n  y &NewLine;  z&copy;   &#x20;  w &bogus;   v</p>",
      "<p>x</b>   </span>\r\n  y  </i>\n  z</p><p>a<br>  \n  <br>b</p>",
      "<p>a <a href=x>  link  </a>  <a href=y>\n  two</a>  :  </p><ul>\n  <li>\n   one\n  </li>  <li>two</li></ul>",
      "<p>a  b<a 'x>  <b title='y>  <i>'>  z  <u>  w</u></p>",
      "<p>q <!x <b c=\">\">  <i title=\">  <u>  \">  r</p><?php echo 1;  ?>  <p>  s  </p>",
      "<p>s</p><script>x</script >  <p>  a  </p><script>y</script-x>  <p>  b</p>",
      "<p>m<math><mi>  x  </mi><![CDATA[  a > b  ]]></math>  n</p><plaintext>  <p>  p",
      "<div id=a>\n\t<div class=\"b  c\">\n\t\t<p>Text,  with   commas, long enough to count as a paragraph here.</p>\n"
      "\t\t<p>More   text,  and more, and more, in the second paragraph of it.</p>\n\t</div>\n</div>",
      "<body><title-x>  a  </title-x>  <p>  b  </p><xmp>  <p>  c  </xmp>  <p> d </p><noembed> e  f</noembed></body>",
      "<p>a</p>  <!-- c -->  <p>  b  </p><!-->  <p>  c</p> --> <p> d  e</p>",
      "<div><p>x  </div>   <p>  y</p>   <frameset>  </frameset>",
      // Where the scan and Gumbo disagree, folding would reach into values.
      "<p>x<a 'y> <div title='z>  <i>  w'>v</div></p>",
      "<title>a <b c=\"</title><div title='x\">  <i>  y'>z</div>",
      "<p>a  b<!x <b c=\"> <div title=\">  y  \">z</div></p>",
      "<p>a  b</p><math><![CDATA[ > <b c=\"]]></math><div title=\">  y  \">z</div>",
      "<body><span>text<listing>\n  more</listing></span></body>",
  };
  RuleSet rules = testing::default_rules();
  for (std::size_t i = 0; i < pages.size(); ++i) {
    expect_same_documents(pages[i], "page " + std::to_string(i));
    expect_same_results(rules, pages[i], "page " + std::to_string(i));
  }
}

TEST(PrepareHtml, FoldingChangesNothingOnTagSoup) {
  static const char* kTokens[] = {
      "<p>", "</p>", "<div class='a  b'>", "</div>", "<b>", "</b>", "<i>", "<pre>", "</pre>", "<title>", "</title>",
      "<textarea>", "</textarea>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<!-- c -->", "<!x>", "<?y>",
      "</3>", "<a href=\"x y\">", "</a>", "<a 'q>", "'", "\"", "=", "&amp;", "&nbsp;", "&NewLine;", "\r\n",
      "\r", "\n", " ", "  ", "\t", "\f", "word", "Words, with commas, ", "<script>s</script>", "<h1>", "</h1>",
      "<li>", "<ul>", "<br>", "<span>", "</span>", "<![CDATA[ x ]]>", "<math>", "</math>", "<svg> </svg>",
      "<xmp>", "</xmp>", "<listing>", "<", ">", "/", "<nav>", "</nav>", "<h2>", "</h2>", "<img alt=' '>"};
  constexpr std::size_t kCount = sizeof(kTokens) / sizeof(kTokens[0]);
  RuleSet rules = testing::default_rules();
  std::mt19937 rng(20261121);
  for (int n = 0; n < 1500; ++n) {
    std::string page;
    int tokens = 5 + static_cast<int>(rng() % 120);
    for (int k = 0; k < tokens; ++k) page += kTokens[rng() % kCount];
    expect_same_documents(page, "soup " + std::to_string(n) + ": " + page);
    if (n % 5 == 0) expect_same_results(rules, page, "soup " + std::to_string(n) + ": " + page);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace normalize::internal
