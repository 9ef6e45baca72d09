namespace SstpFarm.Telemetry.Tests.Otlp;

/// <summary>One exported number or histogram point, flattened.</summary>
public sealed record MetricPoint(string Scope, string Name, string Kind, string? Unit, IReadOnlyDictionary<string, string> Attributes, double Value, ulong Count, IReadOnlyList<double> Bounds);

/// <summary>One exported span.</summary>
public sealed record SpanRecord(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes, int StatusCode);

/// <summary>One exported log record.</summary>
public sealed record LogRecordData(string? Body, string? EventName, IReadOnlyDictionary<string, string> Attributes, string TraceId, IReadOnlyDictionary<string, string> Resource);

/// <summary>
/// OTLP/protobuf payloads → records, with field numbers from opentelemetry-proto (collector/*/v1 requests,
/// metrics/v1, trace/v1, logs/v1, common/v1).
/// </summary>
public static class OtlpDecoder
{
    // ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.scope_metrics = 2; ScopeMetrics.scope = 1, metrics = 2.
    public static List<MetricPoint> Metrics(ReadOnlyMemory<byte> request)
    {
        var points = new List<MetricPoint>();
        foreach (var resource in ProtoReader.Read(request).Messages(1))
        {
            foreach (var scopeMetrics in ProtoReader.Read(resource).Messages(2))
            {
                var scopeFields = ProtoReader.Read(scopeMetrics);
                string scope = scopeFields.Message(1) is { } s ? ProtoReader.Read(s).String(1) ?? string.Empty : string.Empty;
                foreach (var metric in scopeFields.Messages(2))
                {
                    points.AddRange(MetricPoints(scope, ProtoReader.Read(metric)));
                }
            }
        }

        return points;
    }

    // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.scope_spans = 2; ScopeSpans.spans = 2.
    public static List<SpanRecord> Spans(ReadOnlyMemory<byte> request)
    {
        var spans = new List<SpanRecord>();
        foreach (var resource in ProtoReader.Read(request).Messages(1))
        {
            foreach (var scopeSpans in ProtoReader.Read(resource).Messages(2))
            {
                foreach (var span in ProtoReader.Read(scopeSpans).Messages(2))
                {
                    // Span: trace_id 1, span_id 2, parent_span_id 4, name 5, attributes 9, status 15 (Status.code 3).
                    var f = ProtoReader.Read(span);
                    int status = f.Message(15) is { } st ? (int)(ProtoReader.Read(st).Scalar(3) ?? 0) : 0;
                    spans.Add(new SpanRecord(f.Hex(1), f.Hex(2), f.Hex(4), f.String(5) ?? string.Empty, Attributes(f, 9), status));
                }
            }
        }

        return spans;
    }

    // ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.resource = 1, scope_logs = 2; ScopeLogs.log_records = 2.
    public static List<LogRecordData> Logs(ReadOnlyMemory<byte> request)
    {
        var logs = new List<LogRecordData>();
        foreach (var resourceLogs in ProtoReader.Read(request).Messages(1))
        {
            var rf = ProtoReader.Read(resourceLogs);
            IReadOnlyDictionary<string, string> resource = rf.Message(1) is { } r ? Attributes(ProtoReader.Read(r), 1) : new Dictionary<string, string>();
            foreach (var scopeLogs in rf.Messages(2))
            {
                foreach (var record in ProtoReader.Read(scopeLogs).Messages(2))
                {
                    // LogRecord: body 5 (AnyValue), attributes 6, trace_id 9, event_name 12.
                    var f = ProtoReader.Read(record);
                    string? body = f.Message(5) is { } b ? AnyValue(b) : null;
                    logs.Add(new LogRecordData(body, f.String(12), Attributes(f, 6), f.Hex(9), resource));
                }
            }
        }

        return logs;
    }

    private static IEnumerable<MetricPoint> MetricPoints(string scope, List<ProtoField> metric)
    {
        // Metric: name 1, unit 3, gauge 5, sum 7, histogram 9; each holds data_points = 1.
        string name = metric.String(1) ?? string.Empty;
        string? unit = metric.String(3);
        foreach ((int field, string kind) in new[] { (5, "gauge"), (7, "sum") })
        {
            if (metric.Message(field) is not { } data)
            {
                continue;
            }

            var dataFields = ProtoReader.Read(data);
            string sumKind = kind == "sum" ? (dataFields.Scalar(3) == 1 ? "counter" : "updowncounter") : kind;
            foreach (var point in dataFields.Messages(1))
            {
                // NumberDataPoint: as_double 4 (fixed64), as_int 6 (sfixed64), attributes 7.
                var p = ProtoReader.Read(point);
                double value = p.Scalar(6) is ulong i ? (long)i : p.Scalar(4) is ulong d ? BitConverter.UInt64BitsToDouble(d) : double.NaN;
                yield return new MetricPoint(scope, name, sumKind, unit, Attributes(p, 7), value, 0, []);
            }
        }

        if (metric.Message(9) is { } histogram)
        {
            foreach (var point in ProtoReader.Read(histogram).Messages(1))
            {
                // HistogramDataPoint: count 4 (fixed64), sum 5 (double), explicit_bounds 7, attributes 9.
                var p = ProtoReader.Read(point);
                double sum = p.Scalar(5) is ulong s ? BitConverter.UInt64BitsToDouble(s) : 0;
                List<double> bounds = p.PackedFixed64(7).Select(BitConverter.UInt64BitsToDouble).ToList();
                yield return new MetricPoint(scope, name, "histogram", unit, Attributes(p, 9), sum, p.Scalar(4) ?? 0, bounds);
            }
        }
    }

    /// <summary>Repeated KeyValue (key 1, value 2) → strings.</summary>
    private static Dictionary<string, string> Attributes(List<ProtoField> fields, int number)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in fields.Messages(number))
        {
            var f = ProtoReader.Read(kv);
            attributes[f.String(1) ?? string.Empty] = f.Message(2) is { } v ? AnyValue(v) : string.Empty;
        }

        return attributes;
    }

    /// <summary>AnyValue: string 1, bool 2, int 3, double 4.</summary>
    private static string AnyValue(ReadOnlyMemory<byte> value)
    {
        var f = ProtoReader.Read(value);
        if (f.String(1) is string s)
        {
            return s;
        }

        if (f.Scalar(2) is ulong b && f.Any(x => x.Number == 2))
        {
            return b != 0 ? "true" : "false";
        }

        if (f.Scalar(3) is ulong i)
        {
            return ((long)i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return f.Scalar(4) is ulong d ? BitConverter.UInt64BitsToDouble(d).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
    }
}
