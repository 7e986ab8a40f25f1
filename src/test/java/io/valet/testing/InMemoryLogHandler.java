package io.valet.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Collects every log record of the application under test, formatted, with its logger name and
 * any stack trace, so that tests can search the whole log output.
 */
public class InMemoryLogHandler extends Handler {

    /** One formatted log record. */
    public record Line(String category, Level level, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** Attaches a new handler to the root logger of the JBoss log manager and returns it. */
    public static InMemoryLogHandler attachToRoot() {
        InMemoryLogHandler handler = new InMemoryLogHandler();
        handler.setLevel(Level.ALL);
        rootLogger().addHandler(handler);
        return handler;
    }

    /** Removes this handler from the root logger. */
    public void detach() {
        rootLogger().removeHandler(this);
    }

    private static Logger rootLogger() {
        return LogContext.getLogContext().getLogger("");
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder text = new StringBuilder(String.valueOf(message));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        lines.add(new Line(record.getLoggerName(), record.getLevel(), text.toString()));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Returns the messages logged under one category. */
    public List<String> messagesOf(String category) {
        return lines.stream().filter(line -> category.equals(line.category())).map(Line::text).toList();
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
