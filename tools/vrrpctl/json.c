// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: a tiny streaming JSON writer.
 *
 * Strings are written as valid JSON whatever bytes they hold: '"', '\\' and
 * control characters are escaped, well-formed UTF-8 passes through, and each
 * byte that is not part of well-formed UTF-8 becomes U+FFFD.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

#define JW_MAX_DEPTH	16

struct json_writer {
	FILE *f;
	bool pretty;
	bool named;		/* a name was written, its value comes next */
	unsigned int depth;
	unsigned int count[JW_MAX_DEPTH + 1];	/* members written per level */
};

struct json_writer *jw_new(FILE *f, bool pretty)
{
	struct json_writer *jw = calloc(1, sizeof(*jw));

	if (jw) {
		jw->f = f;
		jw->pretty = pretty;
	}
	return jw;
}

void jw_destroy(struct json_writer **jw)
{
	if (!*jw)
		return;
	fputc('\n', (*jw)->f);
	free(*jw);
	*jw = NULL;
}

static void jw_indent(struct json_writer *jw)
{
	unsigned int i;

	fputc('\n', jw->f);
	for (i = 0; i < jw->depth; i++)
		fputs("    ", jw->f);
}

/* Before any value or name: the separator from the previous member. */
static void jw_sep(struct json_writer *jw)
{
	if (jw->named) {
		jw->named = false;
		return;
	}
	if (jw->depth) {
		if (jw->count[jw->depth]++)
			fputc(',', jw->f);
		if (jw->pretty)
			jw_indent(jw);
	}
}

/* Length of the well-formed UTF-8 sequence at @s, 0 if there is none. */
static unsigned int utf8_len(const unsigned char *s)
{
	unsigned int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;	/* overlong, surrogate, beyond Unicode */
	return n;
}

static void jw_quote(struct json_writer *jw, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int n;

	fputc('"', jw->f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", jw->f);
			break;
		case '\\':
			fputs("\\\\", jw->f);
			break;
		case '\b':
			fputs("\\b", jw->f);
			break;
		case '\f':
			fputs("\\f", jw->f);
			break;
		case '\n':
			fputs("\\n", jw->f);
			break;
		case '\r':
			fputs("\\r", jw->f);
			break;
		case '\t':
			fputs("\\t", jw->f);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(jw->f, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", jw->f);
				break;
			}
			fwrite(s, 1, n, jw->f);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', jw->f);
}

void jw_name(struct json_writer *jw, const char *name)
{
	jw_sep(jw);
	jw_quote(jw, name);
	fputs(jw->pretty ? ": " : ":", jw->f);
	jw->named = true;
}

static void jw_open(struct json_writer *jw, char c)
{
	jw_sep(jw);
	fputc(c, jw->f);
	if (jw->depth == JW_MAX_DEPTH)
		abort();	/* a caller bug: vrrpctl nests 4 deep at most */
	jw->count[++jw->depth] = 0;
}

static void jw_close(struct json_writer *jw, char c)
{
	if (jw->depth) {
		if (jw->pretty && jw->count[jw->depth]) {
			jw->depth--;
			jw_indent(jw);
		} else {
			jw->depth--;
		}
	}
	fputc(c, jw->f);
}

void jw_start_object(struct json_writer *jw)
{
	jw_open(jw, '{');
}

void jw_end_object(struct json_writer *jw)
{
	jw_close(jw, '}');
}

void jw_start_array(struct json_writer *jw)
{
	jw_open(jw, '[');
}

void jw_end_array(struct json_writer *jw)
{
	jw_close(jw, ']');
}

void jw_string(struct json_writer *jw, const char *s)
{
	jw_sep(jw);
	jw_quote(jw, s);
}

void jw_u64(struct json_writer *jw, uint64_t v)
{
	jw_sep(jw);
	fprintf(jw->f, "%" PRIu64, v);
}

void jw_s64(struct json_writer *jw, int64_t v)
{
	jw_sep(jw);
	fprintf(jw->f, "%" PRId64, v);
}

void jw_bool(struct json_writer *jw, bool v)
{
	jw_sep(jw);
	fputs(v ? "true" : "false", jw->f);
}

void jw_null(struct json_writer *jw)
{
	jw_sep(jw);
	fputs("null", jw->f);
}
