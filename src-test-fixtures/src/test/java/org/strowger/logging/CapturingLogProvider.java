package org.strowger.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleLoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The test kit's slf4j binding (selected with {@code -Dslf4j.provider} in this module's surefire settings): it
 * prints through slf4j-simple as configured, keeps a working MDC (slf4j-simple's is a no-op), and while
 * {@link CapturedLog} is capturing, records every line of an {@code org.strowger} logger at every level, with the
 * MDC of the thread that wrote it, as an appender would receive it.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
    private ILoggerFactory factory;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        SimpleLoggerFactory simple = new SimpleLoggerFactory();
        factory = name -> new CapturingLogger(name, simple.getLogger(name));
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger delegate;
        private final boolean ours;

        CapturingLogger(String name, Logger delegate) {
            this.name = name;
            this.delegate = delegate;
            this.ours = name.startsWith("org.strowger.");
        }

        private boolean capturing() {
            return ours && CapturedLog.active();
        }

        @Override
        public boolean isTraceEnabled() {
            return capturing() || delegate.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return capturing() || delegate.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return capturing() || delegate.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return capturing() || delegate.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return capturing() || delegate.isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            if (ours && level == Level.ERROR) {
                ErrorLines.add(Thread.currentThread().getName(), name, MessageFormatter.basicArrayFormat(pattern, args),
                        t);
            }
            if (capturing()) {
                CapturedLog.add(new CapturedLog.Line(Thread.currentThread().getName(), level, name,
                        MessageFormatter.basicArrayFormat(pattern, args), org.slf4j.MDC.getCopyOfContextMap(), t));
            }
            if (delegate.isEnabledForLevel(level)) {
                delegate.atLevel(level).setCause(t).log(pattern, args);
            }
        }
    }
}
