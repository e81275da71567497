using System.Net.Http.Headers;
using Spectre.Console;

namespace Guardrail.Cli;

/// <summary>
/// Sends files as one multipart upload and shows how it goes, on standard error so standard output keeps the answer:
/// a progress bar, then a spinner while the server works, on a terminal; a line at each quarter when the output is
/// piped or JSON. Inputs under a mebibyte go by without either.
/// </summary>
internal static class UploadProgress
{
    public const long ShownFrom = 1024 * 1024;

    public static async Task<ApiResult> SendAsync(CliContext context, bool json, IReadOnlyList<string> files, string description, Func<HttpContent, Task<ApiResult>> send)
    {
        var total = files.Sum(f => new FileInfo(f).Length);
        var onTerminal = !json && context.Error == Console.Error && !Console.IsErrorRedirected;
        if (onTerminal && total >= ShownFrom)
        {
            var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
            return await terminal.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var upload = progress.AddTask(description, maxValue: total);
                    var server = progress.AddTask("Server reconciling", autoStart: false).IsIndeterminate();
                    using var form = Form(files, sent =>
                    {
                        upload.Increment(sent);
                        if (upload.IsFinished && !server.IsStarted)
                            server.StartTask();
                    });
                    var result = await send(form);
                    server.IsIndeterminate(false).Value = server.MaxValue;
                    return result;
                });
        }

        await context.Error.WriteLineAsync($"{description}…");
        var (sentSoFar, quartersShown) = (0L, 0L);
        using var plain = Form(files, sent =>
        {
            sentSoFar += sent;
            if (total < ShownFrom || sentSoFar * 4 / total <= quartersShown)
                return;
            quartersShown = sentSoFar * 4 / total;
            context.Error.WriteLine($"  sent {sentSoFar:N0} of {total:N0} bytes ({quartersShown * 25}%)");
            if (sentSoFar == total)
                context.Error.WriteLine("  waiting for the server to reconcile…");
        });
        return await send(plain);
    }

    private static MultipartFormDataContent Form(IReadOnlyList<string> files, Action<int> onRead)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var content = new StreamContent(new ReportingStream(File.OpenRead(file), onRead));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", file);
        }
        return form;
    }

    /// <summary>A read-only stream that tells how many bytes each read returned.</summary>
    private sealed class ReportingStream(Stream inner, Action<int> onRead) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Reported(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Reported(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() => inner.Flush();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private int Reported(int read)
        {
            if (read > 0)
                onRead(read);
            return read;
        }
    }
}
