// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of vrrpctl's JSON writer: exact output, compact and pretty,
 * and string escaping, including bytes that are not UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static int failures;

static char *buf;
static size_t len;

/* Ends the document; the writer adds the final newline. */
static void expect(struct json_writer *jw, FILE *f, const char *want,
		   const char *what)
{
	jw_destroy(&jw);
	fclose(f);
	if (strcmp(buf, want)) {
		failures++;
		printf("FAIL %s\n  want: %s  got:  %s", what, want, buf);
	} else {
		printf("ok %s\n", what);
	}
	free(buf);
	buf = NULL;
}

/* jw_new() does not hand the FILE back; keep it alongside. */
#define START(pretty, jw, f) do {					\
		f = open_memstream(&buf, &len);				\
		if (!f)							\
			abort();					\
		jw = jw_new(f, pretty);					\
	} while (0)

static void string_case(const char *in, const char *want, const char *what)
{
	struct json_writer *jw;
	FILE *f;
	char line[512];

	START(false, jw, f);
	jw_string(jw, in);
	snprintf(line, sizeof(line), "%s\n", want);
	expect(jw, f, line, what);
}

static void build(struct json_writer *jw)
{
	jw_start_array(jw);
	jw_start_object(jw);
	jw_name(jw, "name");
	jw_string(jw, "VI_1");
	jw_name(jw, "vrid");
	jw_u64(jw, 51);
	jw_name(jw, "preempt");
	jw_bool(jw, true);
	jw_name(jw, "accept");
	jw_bool(jw, false);
	jw_name(jw, "master");
	jw_null(jw);
	jw_name(jw, "vips");
	jw_start_array(jw);
	jw_start_object(jw);
	jw_name(jw, "address");
	jw_string(jw, "192.168.73.100");
	jw_name(jw, "prefixlen");
	jw_u64(jw, 24);
	jw_end_object(jw);
	jw_start_object(jw);
	jw_end_object(jw);
	jw_end_array(jw);
	jw_name(jw, "empty");
	jw_start_array(jw);
	jw_end_array(jw);
	jw_name(jw, "stats");
	jw_start_object(jw);
	jw_name(jw, "big");
	jw_u64(jw, UINT64_MAX);
	jw_name(jw, "neg");
	jw_s64(jw, INT64_MIN);
	jw_end_object(jw);
	jw_end_object(jw);
	jw_u64(jw, 0);
	jw_end_array(jw);
}

int main(void)
{
	struct json_writer *jw;
	FILE *f;

	START(false, jw, f);
	build(jw);
	expect(jw, f,
	       "[{\"name\":\"VI_1\",\"vrid\":51,\"preempt\":true,\"accept\":false,"
	       "\"master\":null,\"vips\":[{\"address\":\"192.168.73.100\","
	       "\"prefixlen\":24},{}],\"empty\":[],\"stats\":{\"big\":"
	       "18446744073709551615,\"neg\":-9223372036854775808}},0]\n",
	       "compact");

	START(true, jw, f);
	build(jw);
	expect(jw, f,
	       "[\n"
	       "    {\n"
	       "        \"name\": \"VI_1\",\n"
	       "        \"vrid\": 51,\n"
	       "        \"preempt\": true,\n"
	       "        \"accept\": false,\n"
	       "        \"master\": null,\n"
	       "        \"vips\": [\n"
	       "            {\n"
	       "                \"address\": \"192.168.73.100\",\n"
	       "                \"prefixlen\": 24\n"
	       "            },\n"
	       "            {}\n"
	       "        ],\n"
	       "        \"empty\": [],\n"
	       "        \"stats\": {\n"
	       "            \"big\": 18446744073709551615,\n"
	       "            \"neg\": -9223372036854775808\n"
	       "        }\n"
	       "    },\n"
	       "    0\n"
	       "]\n",
	       "pretty");

	START(true, jw, f);
	jw_start_array(jw);
	jw_end_array(jw);
	expect(jw, f, "[]\n", "pretty empty array");

	START(false, jw, f);
	jw_start_object(jw);
	jw_name(jw, "a\"b");
	jw_string(jw, "");
	jw_end_object(jw);
	expect(jw, f, "{\"a\\\"b\":\"\"}\n", "escaped name, empty string");

	string_case("plain", "\"plain\"", "plain");
	string_case("q\"b\\s/", "\"q\\\"b\\\\s/\"", "quote, backslash, slash");
	string_case("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "short escapes");
	string_case("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"", "control characters");
	string_case("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e",
		    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"", "UTF-8 passes");
	string_case("a\xff" "b", "\"a\\ufffdb\"", "invalid byte");
	string_case("\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong 2 bytes");
	string_case("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"", "overlong 3 bytes");
	string_case("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "surrogate");
	string_case("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "beyond U+10FFFF");
	string_case("x\xe2\x82", "\"x\\ufffd\\ufffd\"", "truncated at the end");
	string_case("\xe2\x82" "a", "\"\\ufffd\\ufffda\"", "truncated before ASCII");

	printf("json_test: %s\n", failures ? "FAILED" : "all passed");
	return failures ? 1 : 0;
}
