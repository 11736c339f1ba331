/* bench-gen.c: realistic centre messages, generated in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "bench-gen.h"

const char *bench_services[BENCH_N_SERVICES][3] = {
  { "fire_lane_blocked", "消防通道堵塞", "safety" },
  { "neighbour_noise", "邻里噪音纠纷", "dispute" },
  { "illegal_parking", "违章停车", "urban" },
  { "garbage_overflow", "垃圾满溢", "environment" },
  { "elderly_assistance", "独居老人帮扶", "livelihood" },
  { "street_fight", "街面斗殴", "public_order" },
  { "road_damage", "道路破损", "urban" },
  { "wage_arrears", "拖欠农民工工资", "dispute" },
  { "gas_leak_risk", "燃气泄漏隐患", "safety" },
  { "sewage_discharge", "污水直排", "environment" },
};

static const char *phrases[] = {
  "居民反映", "小区门口", "夜间持续", "多次协调未果", "存在安全隐患", "影响通行",
  "请尽快处理", "现场拍照取证", "楼道内堆放杂物", "电动车飞线充电", "已告知物业",
  "涉及多户居民", "情绪较为激动", "需要联合执法",
};

static const char *steps[] = {
  "reported", "accepted", "assigned", "signed", "in_progress", "extended", "resolved",
  "reviewed", "closed",
};

static const char *event_steps[] = {
  "accepted", "assigned", "signed", "progress", "extended", "resolved", "reviewed",
  "supervised", "closed", "updated",
};

static const char *channels[] = {
  "grid_app", "hotline_12345", "police_110", "city_management", "video", "walk_in",
};

static const char *counties[] = { "360102", "360103", "360104", "360111", "360112", "360113" };

void
bench_append_time (GString *out,
                   gint64   unix_seconds)
{
  /* Shifted by +8 h and printed as UTC fields with a +08:00 suffix. */
  g_autoptr(GDateTime) shifted = g_date_time_new_from_unix_utc (unix_seconds + 8 * 3600);
  int y, m, d;

  g_date_time_get_ymd (shifted, &y, &m, &d);
  g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02d+08:00\"", y, m, d,
                          g_date_time_get_hour (shifted), g_date_time_get_minute (shifted),
                          g_date_time_get_second (shifted));
}

void
bench_append_case (GString *out,
                   GRand   *rand,
                   guint    n,
                   gint64   version)
{
  guint s = g_rand_int_range (rand, 0, BENCH_N_SERVICES);
  guint step = MIN ((guint) version - 1, G_N_ELEMENTS (steps) - 1);
  gboolean closed = strcmp (steps[step], "closed") == 0;
  gboolean done = step >= 6;
  const char *county = counties[g_rand_int_range (rand, 0, G_N_ELEMENTS (counties))];
  gint64 requested = 1763683200 - g_rand_int_range (rand, 0, 30 * 86400);  /* 2025-11 */
  guint words = g_rand_int_range (rand, 4, 12);

  g_string_append_printf (out,
    "{\"service_request_id\": \"NC20261121-%06u\", \"service_code\": \"%s\","
    " \"service_name\": \"%s\", \"category\": \"%s\", \"description\": \"",
    n, bench_services[s][0], bench_services[s][1], bench_services[s][2]);
  for (guint i = 0; i < words; i++)
    g_string_append (out, phrases[g_rand_int_range (rand, 0, G_N_ELEMENTS (phrases))]);
  g_string_append_printf (out,
    "\", \"status\": \"%s\", \"status_detail\": \"%s\", \"agency_responsible\": ",
    closed ? "closed" : "open", steps[step]);
  if (step >= 1)
    g_string_append_printf (out, "\"%s-cg\", \"co_agencies\": [\"%s-ga\"]", county, county);
  else
    g_string_append (out, "null, \"co_agencies\": []");
  g_string_append (out, ", \"requested_datetime\": ");
  bench_append_time (out, requested);
  g_string_append (out, ", \"updated_datetime\": ");
  bench_append_time (out, requested + 3600 * version);
  g_string_append (out, ", \"expected_datetime\": ");
  bench_append_time (out, requested + 3 * 86400);
  g_string_append (out, ", \"resolved_datetime\": ");
  if (done)
    bench_append_time (out, requested + 2 * 86400);
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"closed_datetime\": ");
  if (closed)
    bench_append_time (out, requested + 2 * 86400 + 7200);
  else
    g_string_append (out, "null");
  g_string_append_printf (out,
    ", \"lat\": %.6f, \"long\": %.6f, \"address\": \"南昌市东湖区民巷社区%u栋%u单元\","
    " \"media_url\": \"https://media.center.example/360100/%u.jpg\", \"priority\": \"%s\","
    " \"channel\": \"%s\", \"grid_code\": \"%s%03u%03u%03u\", \"resolved_level\": %s,"
    " \"satisfaction\": %s, \"supervised\": %s, \"version\": %" G_GINT64_FORMAT "}",
    28.6 + g_rand_double (rand) * 0.2, 115.8 + g_rand_double (rand) * 0.2,
    g_rand_int_range (rand, 1, 40), g_rand_int_range (rand, 1, 6), n,
    g_rand_int_range (rand, 0, 10) == 0 ? "urgent" : "normal",
    channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))],
    county, g_rand_int_range (rand, 1, 12), g_rand_int_range (rand, 1, 20),
    g_rand_int_range (rand, 1, 9),
    done ? (g_rand_boolean (rand) ? "\"village\"" : "\"town\"") : "null",
    step >= 7 ? "4" : "null", g_rand_int_range (rand, 0, 20) == 0 ? "true" : "false",
    version);
}

void
bench_append_envelope (GString    *out,
                       guint64     sequence,
                       const char *type)
{
  g_string_append_printf (out,
    "{\"specversion\": \"1.0\", \"id\": \"360100-%" G_GUINT64_FORMAT "\","
    " \"source\": \"/centers/360100\", \"type\": \"%s\","
    " \"time\": \"2026-11-21T14:03:12+08:00\", \"sequence\": \"%020" G_GUINT64_FORMAT "\","
    " \"datacontenttype\": \"application/json\", \"data\": ",
    sequence, type, sequence);
}

char *
bench_event_frame (GRand   *rand,
                   guint64  sequence,
                   guint   *n_cases,
                   GArray  *versions)
{
  GString *out = g_string_sized_new (1600);
  guint roll = g_rand_int_range (rand, 0, 100);

  if (roll == 0)
    {
      bench_append_envelope (out, sequence, "cn.gridwall.center.mode");
      g_string_append (out, "{\"mode\": \"emergency\", \"reason\": \"防汛应急响应\", \"case\": null}}");
    }
  else if (roll == 1)
    {
      bench_append_envelope (out, sequence, "cn.gridwall.department.updated");
      g_string_append (out, "{\"code\": \"360102-cg\", \"name\": \"东湖区城市管理局\","
                            " \"kind\": \"urban_management\", \"area\": \"360102\","
                            " \"phone\": \"0791-86000000\"}}");
    }
  else
    {
      gboolean fresh = *n_cases == 0 || roll < 35;
      guint n = fresh ? (*n_cases)++ : (guint) g_rand_int_range (rand, 0, *n_cases);
      gint64 version;
      g_autofree char *type = NULL;

      if (fresh)
        {
          version = 1;
          g_array_append_val (versions, version);
        }
      else
        {
          version = ++g_array_index (versions, gint64, n);
        }
      type = g_strconcat ("cn.gridwall.case.",
                          fresh ? "reported"
                                : event_steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (event_steps))],
                          NULL);
      bench_append_envelope (out, sequence, type);
      g_string_append (out, "{\"case\": ");
      bench_append_case (out, rand, n, version);
      g_string_append (out, ", \"actor\": {\"id\": \"dispatcher-01\", \"name\": \"调度员 李娜\"},"
                            " \"note\": \"请尽快处置\", \"department\": \"360102-cg\"}}");
    }
  return g_string_free (out, FALSE);
}

GBytes *
bench_snapshot (GRand *rand,
                guint  n_cases)
{
  GString *out = g_string_sized_new ((gsize) n_cases * 1200);

  g_string_append (out, "{\"sequence\": \"00000000000000500000\","
                        " \"generated\": \"2026-11-21T14:03:12+08:00\","
                        " \"mode\": {\"mode\": \"normal\", \"reason\": null, \"case\": null},"
                        " \"departments\": [");
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (out, "%s{\"code\": \"%s-d%u\", \"name\": \"部门%u\","
                                 " \"kind\": \"police\", \"area\": \"%s\", \"phone\": \"12345\"}",
                            i ? ", " : "", counties[i % 6], i, i, counties[i % 6]);
  g_string_append (out, "],\n \"cases\": [\n");
  for (guint i = 0; i < n_cases; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      bench_append_case (out, rand, i, g_rand_int_range (rand, 1, 10));
    }
  g_string_append (out, "]}\n");
  return g_string_free_to_bytes (out);
}

static gsize
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen (field), NULL, 10) : 0;
}

gsize
bench_peak_rss_kib (void)
{
  return status_kib ("VmHWM:");
}

gsize
bench_rss_kib (void)
{
  return status_kib ("VmRSS:");
}

void
bench_reset_peak (void)
{
  /* "5" resets the peak RSS to the current RSS (Linux 4.0+). */
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file != NULL)
    {
      fputs ("5", file);
      fclose (file);
    }
}
