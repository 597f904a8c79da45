using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace VideoVisit.Web.VisitRecords;

/// <summary>
/// The record as a self-contained printable HTML page in Japanese or English: no scripts, no external resources,
/// every value HTML-encoded. Times are shown in Japan Standard Time (UTC+9), the organisations' time zone.
/// </summary>
public static class VisitRecordHtml
{
    /// <summary>
    /// The record's one stylesheet, inline so the file stands alone. Its hash is allowed by the Content-Security-Policy
    /// (the record opens from a blob: URL, which inherits the page's policy; docs/security.md).
    /// </summary>
    internal const string Style = "body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
        + "th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eee}"
        + ".incident{background:#fde8e8}@media print{body{margin:0}}";

    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    // Japanese stays readable in the file; markup characters (< > & " ') are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly Dictionary<string, (string Ja, string En)> Labels = new()
    {
        ["title"] = ("面会記録", "Visit record"),
        ["visit"] = ("面会", "Visit"),
        ["status"] = ("状態", "Status"),
        ["scheduled"] = ("予定", "Scheduled"),
        ["actual"] = ("実施", "Took place"),
        ["minutes"] = ("分", "min"),
        ["recording"] = ("録画", "Recording"),
        ["allowed"] = ("許可", "allowed"),
        ["notAllowed"] = ("不可", "not allowed"),
        ["participants"] = ("参加者", "Participants"),
        ["role"] = ("役割", "Role"),
        ["name"] = ("表示名", "Name"),
        ["joined"] = ("最初の入室", "First joined"),
        ["left"] = ("最後の退室", "Last left"),
        ["present"] = ("在室時間", "Time present"),
        ["quality"] = ("接続の状態", "Connection quality"),
        ["qualityNote"] = ("面会終了時に記録。損失率は受信側ブラウザの報告の平均、フリーズは映像が1秒以上途切れた回数（一時停止・ミュートを除く）。",
            "Recorded when the visit ended. Loss is the average their browser reported on what it received; a freeze is video stopping for more than a second (pauses and mutes excluded)."),
        ["connected"] = ("接続時間", "Connected"),
        ["loss"] = ("平均損失率", "Average loss"),
        ["freezes"] = ("フリーズ", "Freezes"),
        ["reconnects"] = ("再接続", "Reconnects"),
        ["timeline"] = ("経過", "Timeline"),
        ["time"] = ("時刻", "Time"),
        ["event"] = ("出来事", "Event"),
        ["by"] = ("操作者", "By"),
        ["detail"] = ("詳細", "Detail"),
        ["notes"] = ("メモ", "Notes"),
        ["incidents"] = ("インシデント", "Incidents"),
        ["none"] = ("なし", "none"),
        ["generated"] = ("作成日時", "Generated"),
        ["role.supervisor"] = ("支援員", "Supervisor"),
        ["role.parent"] = ("別居親", "Parent"),
        ["role.child"] = ("子ども", "Child"),
        ["role.observer"] = ("オブザーバー", "Observer"),
        ["role.coordinator"] = ("コーディネーター", "Coordinator"),
        ["kind.scheduled"] = ("予約", "scheduled"),
        ["kind.cancelled"] = ("中止", "cancelled"),
        ["kind.invitation_reissued"] = ("招待リンク再発行", "invitation link replaced"),
        ["kind.seat_reassigned"] = ("担当者の交代", "staff seat reassigned"),
        ["kind.invitation_revoked"] = ("招待リンク取り消し", "invitation link withdrawn"),
        ["status.scheduled"] = ("予定", "scheduled"),
        ["status.cancelled"] = ("中止", "cancelled"),
        ["status.ended"] = ("終了", "ended"),
        ["kind.joined"] = ("入室", "joined"),
        ["kind.left"] = ("退室", "left"),
        ["kind.connection_dropped"] = ("接続切れ", "connection dropped"),
        ["kind.second_device"] = ("2台目の端末", "second device"),
        ["kind.device_replaced"] = ("端末の切り替え", "device replaced"),
        ["kind.admitted"] = ("入室許可", "admitted"),
        ["kind.audio_muted"] = ("音声ミュート", "audio muted"),
        ["kind.audio_unmuted"] = ("音声ミュート解除", "audio unmuted"),
        ["kind.video_muted"] = ("映像停止", "video muted"),
        ["kind.video_unmuted"] = ("映像再開", "video unmuted"),
        ["kind.paused"] = ("一時停止", "paused"),
        ["kind.resumed"] = ("再開", "resumed"),
        ["kind.aside"] = ("個別の会話", "aside"),
        ["kind.warned"] = ("注意", "warning given"),
        ["kind.removed"] = ("退出させた", "removed"),
        ["kind.locked"] = ("ロック", "locked"),
        ["kind.unlocked"] = ("ロック解除", "unlocked"),
        ["kind.extended"] = ("延長", "extended"),
        ["kind.five_minute_warning"] = ("残り5分の案内", "five-minute warning"),
        ["kind.ended"] = ("終了", "ended"),
        ["kind.stop_help"] = ("子どもの「やめたい」", "child asked to stop"),
        ["kind.stop_help_acknowledged"] = ("「やめたい」を支援員が確認", "supervisor acknowledged the child's stop"),
        ["kind.attention_requested"] = ("親が支援員を呼んだ", "parent asked for the supervisor"),
        ["kind.note"] = ("メモ", "note"),
        ["kind.refused"] = ("拒否された操作", "refused action"),
        ["kind.supervisor_away"] = ("支援員不在", "supervisor away"),
        ["kind.supervisor_back"] = ("支援員復帰", "supervisor back"),
        ["kind.recording_requested"] = ("録画の依頼", "recording requested"),
        ["kind.recording_acknowledged"] = ("録画の了解", "recording acknowledged"),
        ["kind.recording_started"] = ("録画開始", "recording started"),
        ["kind.recording_stopped"] = ("録画停止", "recording stopped"),
        ["kind.recording_saved"] = ("録画を保存", "recording saved"),
        ["kind.recording_failed"] = ("録画の保存に失敗", "recording could not be saved"),
        ["kind.recording_deleted"] = ("録画を削除（保存期間終了）", "recording deleted (retention over)"),
        ["kind.recording_viewed"] = ("録画の閲覧", "recording viewed"),
    };

    public static string Render(VisitRecord r, string lang)
    {
        var en = lang == "en";
        string L(string key) => Labels.TryGetValue(key, out var l) ? (en ? l.En : l.Ja) : key;
        string E(string? text) => Encoder.Encode(text ?? "");
        string T(DateTimeOffset? at) => at is { } a ? a.ToOffset(Jst).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";
        string Role(string? role) => role is null ? "" : L($"role.{role}");

        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html lang=\"{(en ? "en" : "ja")}\"><head><meta charset=\"utf-8\"><title>{E(L("title"))}: {E(r.Title)}</title>");
        sb.Append("<style>").Append(Style).Append("</style></head><body>");
        sb.Append($"<h1>{E(L("title"))}</h1><table data-section=\"visit\">");
        sb.Append($"<tr><th>{E(L("visit"))}</th><td>{E(r.Title)}</td></tr>");
        sb.Append($"<tr><th>{E(L("status"))}</th><td>{E(L($"status.{r.Status}"))}</td></tr>");
        sb.Append($"<tr><th>{E(L("scheduled"))}</th><td>{T(r.ScheduledStart)} – {T(r.ScheduledEnd)} ({r.ScheduledMinutes} {E(L("minutes"))})</td></tr>");
        var actual = r.StartedAt is null ? E(L("none")) : $"{T(r.StartedAt)} – {T(r.EndedAt)}" + (r.ActualMinutes is { } m ? $" ({m} {E(L("minutes"))})" : "");
        sb.Append($"<tr><th>{E(L("actual"))}</th><td>{actual}</td></tr>");
        sb.Append($"<tr><th>{E(L("recording"))}</th><td>{E(L(r.RecordingAllowed ? "allowed" : "notAllowed"))}</td></tr></table>");

        sb.Append($"<h2>{E(L("participants"))}</h2><table data-section=\"participants\"><tr><th>{E(L("role"))}</th><th>{E(L("name"))}</th>")
          .Append($"<th>{E(L("joined"))}</th><th>{E(L("left"))}</th><th>{E(L("present"))}</th></tr>");
        foreach (var p in r.Participants)
        {
            sb.Append($"<tr><td>{E(Role(p.Role))}</td><td>{E(p.DisplayName)}</td><td>{T(p.FirstJoinedAt)}</td><td>{T(p.LastLeftAt)}</td>")
              .Append($"<td>{p.MinutesPresent} {E(L("minutes"))}</td></tr>");
        }
        sb.Append("</table>");

        if (r.Quality.Count > 0)
        {
            sb.Append($"<h2>{E(L("quality"))}</h2><p><small>{E(L("qualityNote"))}</small></p><table data-section=\"quality\"><tr><th>{E(L("role"))}</th>")
              .Append($"<th>{E(L("name"))}</th><th>{E(L("connected"))}</th><th>{E(L("loss"))}</th><th>{E(L("freezes"))}</th><th>{E(L("reconnects"))}</th></tr>");
            foreach (var q in r.Quality)
            {
                var loss = q.AverageLossPercent is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
                sb.Append($"<tr><td>{E(Role(q.Role))}</td><td>{E(q.DisplayName)}</td><td>{q.MinutesConnected} {E(L("minutes"))}</td>")
                  .Append($"<td>{E(loss)}</td><td>{q.Freezes}</td><td>{q.Reconnects}</td></tr>");
            }
            sb.Append("</table>");
        }

        void Entries(string heading, string section, IReadOnlyList<RecordEntry> list)
        {
            sb.Append($"<h2>{E(L(heading))}</h2>");
            if (list.Count == 0)
            {
                sb.Append($"<p data-section=\"{section}\">{E(L("none"))}</p>");
                return;
            }
            sb.Append($"<table data-section=\"{section}\"><tr><th>{E(L("time"))}</th><th>{E(L("event"))}</th><th>{E(L("by"))}</th><th>{E(L("detail"))}</th></tr>");
            foreach (var e in list)
            {
                var by = e.Actor is null ? "" : $"{e.Actor} ({Role(e.ActorRole)})";
                var detail = e.Subject is null ? e.Detail : $"{e.Subject}{(e.Detail is null ? "" : ": " + e.Detail)}";
                sb.Append($"<tr{(e.Incident ? " class=\"incident\"" : "")}><td>{T(e.At)}</td><td>{E(L($"kind.{e.Kind}"))}</td><td>{E(by)}</td><td>{E(detail)}</td></tr>");
            }
            sb.Append("</table>");
        }
        Entries("incidents", "incidents", r.Incidents);
        Entries("notes", "notes", r.Notes);
        Entries("timeline", "timeline", r.Timeline);
        sb.Append($"<p><small>{E(L("generated"))}: {T(r.GeneratedAt)} (JST)</small></p></body></html>");
        return sb.ToString();
    }
}
