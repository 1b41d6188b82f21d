// zod schema for the part of ffprobe's JSON (-show_format -show_streams) that the engine reads.
// ffprobe prints numbers as strings in many fields; they are checked and converted in probe.ts.
import { z } from 'zod';

const tags = z.record(z.string(), z.string()).optional();

export const ffprobeStreamSchema = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  pix_fmt: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  nb_read_packets: z.string().optional(),
  duration: z.string().optional(),
  start_time: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().int().optional(),
  channel_layout: z.string().optional(),
  color_range: z.string().optional(),
  color_space: z.string().optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags,
  side_data_list: z
    .array(z.looseObject({ side_data_type: z.string().optional(), rotation: z.number().optional() }))
    .optional(),
});

export const ffprobeOutputSchema = z.object({
  streams: z.array(ffprobeStreamSchema),
  format: z.object({
    filename: z.string().optional(),
    format_name: z.string(),
    duration: z.string().optional(),
    start_time: z.string().optional(),
    tags,
  }),
});

export type FfprobeStream = z.infer<typeof ffprobeStreamSchema>;
export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;
