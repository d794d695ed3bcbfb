package org.strowger.core.media.file;

/** The sample encodings WavReader and WavWriter handle, with their RIFF format tags. */
public enum WavEncoding {
    /** 16-bit linear PCM, little endian (format tag 1). */
    PCM_16(1, 16),
    /** G.711 mu-law, one byte per sample (format tag 7). */
    MULAW(7, 8),
    /** G.711 A-law, one byte per sample (format tag 6). */
    ALAW(6, 8);

    private final int formatTag;
    private final int bitsPerSample;

    WavEncoding(int formatTag, int bitsPerSample) {
        this.formatTag = formatTag;
        this.bitsPerSample = bitsPerSample;
    }

    public int formatTag() {
        return formatTag;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    /** The rates this encoding is read and written at: G.711 is 8 kHz only. */
    boolean supports(int sampleRate) {
        return this == PCM_16
                ? sampleRate == 8000 || sampleRate == 16000 || sampleRate == 24000 || sampleRate == 48000
                : sampleRate == 8000;
    }

    String rates() {
        return this == PCM_16 ? "8000, 16000, 24000 or 48000 Hz" : "8000 Hz";
    }
}
