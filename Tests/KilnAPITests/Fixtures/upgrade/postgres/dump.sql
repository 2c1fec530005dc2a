--
-- PostgreSQL database dump
--

\restrict kIWM2CtTTyUefPHaGYuHpi7HLtK36e0smNsIhDHyrT4FhFpsehkOAdr9qjuWTFh

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_keys (
    id text NOT NULL,
    project_id text NOT NULL,
    name text,
    secret_hash text NOT NULL,
    hint text NOT NULL,
    created_at bigint NOT NULL,
    revoked_at bigint
);


--
-- Name: connections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.connections (
    id text NOT NULL,
    project_id text NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    endpoint text NOT NULL,
    region text NOT NULL,
    access_key_id text NOT NULL,
    sealed_secret text NOT NULL,
    is_default boolean NOT NULL,
    force_path_style boolean NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    project_id text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response_body text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jobs (
    id text NOT NULL,
    project_id text NOT NULL,
    kind text NOT NULL,
    input text NOT NULL,
    output text,
    options text NOT NULL,
    metadata text NOT NULL,
    destination text,
    connection_id text,
    status text NOT NULL,
    error text,
    created_at bigint NOT NULL,
    started_at bigint,
    finished_at bigint,
    updated_at bigint NOT NULL,
    standalone boolean DEFAULT false NOT NULL,
    lease_owner text,
    lease_expires_at bigint,
    attempts integer DEFAULT 0 NOT NULL
);


--
-- Name: kiln_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kiln_migrations (
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: projects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projects (
    id text NOT NULL,
    name text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: tasks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tasks (
    id text NOT NULL,
    project_id text NOT NULL,
    job_id text,
    kind text NOT NULL,
    input text NOT NULL,
    options text NOT NULL,
    output text NOT NULL,
    status text NOT NULL,
    progress double precision,
    error text,
    created_by text,
    created_at bigint NOT NULL,
    started_at bigint,
    finished_at bigint,
    updated_at bigint NOT NULL,
    standalone boolean DEFAULT false NOT NULL
);


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_keys VALUES ('key_01M8EGK3VVA85Z8RFNDMYAFX98', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'KILN_API_KEY', '89e401a3ff04eb9d27e5da852d9be0b50ffdbe126c8b73471950c6b3ed446452', 'upgrade-f…', 1795783495545, NULL);


--
-- Data for Name: connections; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.connections VALUES ('conn_01M8EGK6GH6XT30YVKB0WN7YAC', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 's3', 'fixture', 'http://127.0.0.1:9', 'eu-west-1', 'AKIAFIXTURE', 'yf22a9QysCTTHCMQZVol8OI2xsnBHL9a81ml7nKKXu4YLRWvAqw8Xp4efC23mrO5', true, true, 1795783498256, 1795783498256);


--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.idempotency_keys VALUES ('proj_01M8EGK3VSR1HE6R5CKHB292NN', 'upgrade-1', '63c18cd7d48c455ec4ee2e4fe2c5fbfb76ddd77ea8abde8d0ebb5e6b8f4f7fff', '{"id":"job_01M8EGK4102QE46JCAYJ874H0Q","object":"job","kind":"video","input":"http://127.0.0.1:48679/bikes.mp4","output":null,"options":{"width":160,"quality":"low"},"metadata":{"order":42,"note":"café ✓"},"status":"queued","error":null,"tasks":[{"id":"task_01M8EGK4102QE46JCAYJ874H0R","object":"task","kind":"probe","job_id":"job_01M8EGK4102QE46JCAYJ874H0Q","input":null,"options":{},"output":null,"status":"waiting","progress":null,"error":null,"created_by":"job_01M8EGK4102QE46JCAYJ874H0Q","created_at":1795783495712,"started_at":null,"finished_at":null,"updated_at":1795783495712},{"id":"task_01M8EGK4102QE46JCAYJ874H0S","object":"task","kind":"import","job_id":"job_01M8EGK4102QE46JCAYJ874H0Q","input":null,"options":{},"output":null,"status":"waiting","progress":null,"error":null,"created_by":"job_01M8EGK4102QE46JCAYJ874H0Q","created_at":1795783495712,"started_at":null,"finished_at":null,"updated_at":1795783495712},{"id":"task_01M8EGK4102QE46JCAYJ874H0T","object":"task","kind":"video","job_id":"job_01M8EGK4102QE46JCAYJ874H0Q","input":null,"options":{},"output":null,"status":"waiting","progress":null,"error":null,"created_by":"job_01M8EGK4102QE46JCAYJ874H0Q","created_at":1795783495712,"started_at":null,"finished_at":null,"updated_at":1795783495712},{"id":"task_01M8EGK4102QE46JCAYJ874H0V","object":"task","kind":"export","job_id":"job_01M8EGK4102QE46JCAYJ874H0Q","input":null,"options":{},"output":null,"status":"waiting","progress":null,"error":null,"created_by":"job_01M8EGK4102QE46JCAYJ874H0Q","created_at":1795783495712,"started_at":null,"finished_at":null,"updated_at":1795783495712}],"created_at":1795783495712,"started_at":null,"finished_at":null,"updated_at":1795783495712}', 1795783495712);


--
-- Data for Name: jobs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jobs VALUES ('job_01M8EGK6VACH5V9KQB6BSTZVWM', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'video', 'http://127.0.0.1:48679/bikes.mp4', NULL, '{"width":120}', '{}', NULL, NULL, 'queued', NULL, 1795783498602, NULL, NULL, 1795783498602, false, NULL, NULL, 0);
INSERT INTO public.jobs VALUES ('job_01M8EGK4RQKKHXSGCJ7H95AXSH', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'audio', 'http://127.0.0.1:48679/Front_Center.wav', 'http://kiln.upgrade.test/files/job_01M8EGK4RQKKHXSGCJ7H95AXSH/Front_Center.mp3', '{"format":"mp3"}', '{}', NULL, NULL, 'succeeded', NULL, 1795783496471, 1795783496473, 1795783496685, 1795783496685, false, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK6WC76RGDM22D6C2SW3E', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'video', 'http://127.0.0.1:48679/bikes.mp4', NULL, '{}', '{}', NULL, NULL, 'queued', NULL, 1795783498636, NULL, NULL, 1795783498636, true, NULL, NULL, 0);
INSERT INTO public.jobs VALUES ('job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'video', 'http://127.0.0.1:48679/NOTICE.md', NULL, '{}', '{}', NULL, NULL, 'failed', '{"kind":"input_not_media","message":"the input has no audio or video stream that ffprobe can read: input: Invalid data found when processing input"}', 1795783496766, 1795783496768, 1795783496846, 1795783496846, false, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK4102QE46JCAYJ874H0Q', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'video', 'http://127.0.0.1:48679/bikes.mp4', 'http://kiln.upgrade.test/files/job_01M8EGK4102QE46JCAYJ874H0Q/bikes.mp4', '{"width":160,"quality":"low"}', '{"order":42,"note":"café ✓"}', NULL, NULL, 'succeeded', NULL, 1795783495712, 1795783495717, 1795783496094, 1795783496094, false, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'image', 'http://127.0.0.1:48679/astronaut.png', 'http://kiln.upgrade.test/files/job_01M8EGK4FF8ES1GJQ5SDT8T8ES/astronaut.webp', '{"format":"webp","width":64}', '{}', NULL, NULL, 'succeeded', NULL, 1795783496175, 1795783496176, 1795783496390, 1795783496390, false, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK57WQM27KTGDY39RTXNP', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'adaptive_video', 'http://127.0.0.1:48679/bigbuckbunny.mp4', NULL, '{}', '{}', NULL, NULL, 'cancelled', '{"kind":"cancelled","message":"cancelled by request"}', 1795783496956, 1795783496958, 1795783497652, 1795783497652, false, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK5ZWWQCPYKSSW5NS1SAA', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'video', 'http://127.0.0.1:48679/bikes.mp4', NULL, '{}', '{}', NULL, NULL, 'succeeded', NULL, 1795783497724, 1795783497726, 1795783497804, 1795783497804, true, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK65SFEBHSJDDAZ4XZQXJ', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'image', 'http://127.0.0.1:48679/bikes.mp4', 'http://kiln.upgrade.test/files/task_01M8EGK65SFEBHSJDDAZ4XZQXK/bikes.jpg', '{"start":1,"width":80}', '{}', NULL, NULL, 'succeeded', NULL, 1795783497913, 1795783497915, 1795783498132, 1795783498132, true, NULL, NULL, 1);
INSERT INTO public.jobs VALUES ('job_01M8EGK6F2N3AN0FQ3CFTNN30J', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'adaptive_video', 'http://127.0.0.1:48679/bigbuckbunny.mp4', NULL, '{}', '{}', NULL, NULL, 'cancelled', '{"kind":"cancelled","message":"cancelled by request"}', 1795783498210, 1795783498211, 1795783498224, 1795783498224, true, NULL, NULL, 1);


--
-- Data for Name: kiln_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.kiln_migrations VALUES ('v1', '2026-11-27 12:44:55.515505+00');


--
-- Data for Name: projects; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.projects VALUES ('proj_01M8EGK3VSR1HE6R5CKHB292NN', 'default', 1795783495545);


--
-- Data for Name: tasks; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tasks VALUES ('task_01M8EGK4102QE46JCAYJ874H0R', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4102QE46JCAYJ874H0Q', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/bikes.mp4"}', '{}', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bikes.mp4","filename":"bikes.mp4","filesize":509868,"mimetype":"video/mp4","format":"mp4","width":640,"height":272,"duration":10,"bitrate":407894,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"2.1"},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4102QE46JCAYJ874H0Q', 1795783495712, 1795783495722, 1795783495823, 1795783495823, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4102QE46JCAYJ874H0S', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4102QE46JCAYJ874H0Q', 'import', '{"object":"external_file","url":"http://127.0.0.1:48679/bikes.mp4"}', '{}', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bikes.mp4","filename":"bikes.mp4","filesize":509868,"mimetype":"video/mp4","format":"mp4","width":640,"height":272,"duration":10,"bitrate":407894,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"2.1"},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4102QE46JCAYJ874H0Q', 1795783495712, 1795783495826, 1795783495828, 1795783495828, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4102QE46JCAYJ874H0T', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4102QE46JCAYJ874H0Q', 'video', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bikes.mp4","filename":"bikes.mp4","filesize":509868,"mimetype":"video/mp4","format":"mp4","width":640,"height":272,"duration":10,"bitrate":407894,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"2.1"},"audio":null}}', '{}', '{"object":"file","kind":"video","url":null,"filename":"bikes.mp4","filesize":61600,"mimetype":"video/mp4","format":"mp4","width":160,"height":68,"duration":10,"bitrate":49280,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"1.0"},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4102QE46JCAYJ874H0Q', 1795783495712, 1795783495830, 1795783496089, 1795783496089, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4102QE46JCAYJ874H0V', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4102QE46JCAYJ874H0Q', 'export', '{"object":"file","kind":"video","url":null,"filename":"bikes.mp4","filesize":61600,"mimetype":"video/mp4","format":"mp4","width":160,"height":68,"duration":10,"bitrate":49280,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"1.0"},"audio":null}}', '{}', '{"object":"file","kind":"video","url":"http://kiln.upgrade.test/files/job_01M8EGK4102QE46JCAYJ874H0Q/bikes.mp4","filename":"bikes.mp4","filesize":61600,"mimetype":"video/mp4","format":"mp4","width":160,"height":68,"duration":10,"bitrate":49280,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"1.0"},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4102QE46JCAYJ874H0Q', 1795783495712, 1795783496092, 1795783496094, 1795783496094, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4FF8ES1GJQ5SDT8T8ET', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/astronaut.png"}', '{}', '{"object":"file","kind":"image","url":"http://127.0.0.1:48679/astronaut.png","filename":"astronaut.png","filesize":791555,"mimetype":"image/png","format":"png","width":512,"height":512,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"png","profile":null,"level":null},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 1795783496175, 1795783496184, 1795783496253, 1795783496253, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4FF8ES1GJQ5SDT8T8EV', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 'import', '{"object":"external_file","url":"http://127.0.0.1:48679/astronaut.png"}', '{}', '{"object":"file","kind":"image","url":"http://127.0.0.1:48679/astronaut.png","filename":"astronaut.png","filesize":791555,"mimetype":"image/png","format":"png","width":512,"height":512,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"png","profile":null,"level":null},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 1795783496175, 1795783496256, 1795783496258, 1795783496258, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4FF8ES1GJQ5SDT8T8EW', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 'image', '{"object":"file","kind":"image","url":"http://127.0.0.1:48679/astronaut.png","filename":"astronaut.png","filesize":791555,"mimetype":"image/png","format":"png","width":512,"height":512,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"png","profile":null,"level":null},"audio":null}}', '{}', '{"object":"file","kind":"image","url":null,"filename":"astronaut.webp","filesize":1586,"mimetype":"image/webp","format":"webp","width":64,"height":64,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"webp","profile":null,"level":null},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 1795783496175, 1795783496260, 1795783496386, 1795783496386, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4FF8ES1GJQ5SDT8T8EX', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 'export', '{"object":"file","kind":"image","url":null,"filename":"astronaut.webp","filesize":1586,"mimetype":"image/webp","format":"webp","width":64,"height":64,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"webp","profile":null,"level":null},"audio":null}}', '{}', '{"object":"file","kind":"image","url":"http://kiln.upgrade.test/files/job_01M8EGK4FF8ES1GJQ5SDT8T8ES/astronaut.webp","filename":"astronaut.webp","filesize":1586,"mimetype":"image/webp","format":"webp","width":64,"height":64,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"webp","profile":null,"level":null},"audio":null}}', 'succeeded', 100, NULL, 'job_01M8EGK4FF8ES1GJQ5SDT8T8ES', 1795783496175, 1795783496388, 1795783496390, 1795783496390, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4RQKKHXSGCJ7H95AXSJ', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/Front_Center.wav"}', '{}', '{"object":"file","kind":"audio","url":"http://127.0.0.1:48679/Front_Center.wav","filename":"Front_Center.wav","filesize":137134,"mimetype":"audio/wav","format":"wav","width":null,"height":null,"duration":1.428,"bitrate":768246,"framerate":null,"codecs":{"video":null,"audio":{"name":"pcm_s16le","sample_rate":48000,"channels":1,"bitrate":768000}}}', 'succeeded', 100, NULL, 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 1795783496471, 1795783496481, 1795783496547, 1795783496547, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4RQKKHXSGCJ7H95AXSK', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 'import', '{"object":"external_file","url":"http://127.0.0.1:48679/Front_Center.wav"}', '{}', '{"object":"file","kind":"audio","url":"http://127.0.0.1:48679/Front_Center.wav","filename":"Front_Center.wav","filesize":137134,"mimetype":"audio/wav","format":"wav","width":null,"height":null,"duration":1.428,"bitrate":768246,"framerate":null,"codecs":{"video":null,"audio":{"name":"pcm_s16le","sample_rate":48000,"channels":1,"bitrate":768000}}}', 'succeeded', 100, NULL, 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 1795783496471, 1795783496550, 1795783496552, 1795783496552, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK6VACH5V9KQB6BSTZVWR', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 'export', 'null', '{}', 'null', 'waiting', NULL, NULL, 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 1795783498602, NULL, NULL, 1795783498602, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK6WC76RGDM22D6C2SW3F', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6WC76RGDM22D6C2SW3E', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/bikes.mp4"}', '{}', 'null', 'waiting', NULL, NULL, 'key_01M8EGK3VVA85Z8RFNDMYAFX98', 1795783498636, NULL, NULL, 1795783498636, true);
INSERT INTO public.tasks VALUES ('task_01M8EGK4RQKKHXSGCJ7H95AXSM', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 'audio', '{"object":"file","kind":"audio","url":"http://127.0.0.1:48679/Front_Center.wav","filename":"Front_Center.wav","filesize":137134,"mimetype":"audio/wav","format":"wav","width":null,"height":null,"duration":1.428,"bitrate":768246,"framerate":null,"codecs":{"video":null,"audio":{"name":"pcm_s16le","sample_rate":48000,"channels":1,"bitrate":768000}}}', '{}', '{"object":"file","kind":"audio","url":null,"filename":"Front_Center.mp3","filesize":14541,"mimetype":"audio/mpeg","format":"mp3","width":null,"height":null,"duration":1.464,"bitrate":79459,"framerate":null,"codecs":{"video":null,"audio":{"name":"mp3","sample_rate":48000,"channels":1,"bitrate":79213}}}', 'succeeded', 100, NULL, 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 1795783496471, 1795783496554, 1795783496680, 1795783496680, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK4RQKKHXSGCJ7H95AXSN', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 'export', '{"object":"file","kind":"audio","url":null,"filename":"Front_Center.mp3","filesize":14541,"mimetype":"audio/mpeg","format":"mp3","width":null,"height":null,"duration":1.464,"bitrate":79459,"framerate":null,"codecs":{"video":null,"audio":{"name":"mp3","sample_rate":48000,"channels":1,"bitrate":79213}}}', '{}', '{"object":"file","kind":"audio","url":"http://kiln.upgrade.test/files/job_01M8EGK4RQKKHXSGCJ7H95AXSH/Front_Center.mp3","filename":"Front_Center.mp3","filesize":14541,"mimetype":"audio/mpeg","format":"mp3","width":null,"height":null,"duration":1.464,"bitrate":79459,"framerate":null,"codecs":{"video":null,"audio":{"name":"mp3","sample_rate":48000,"channels":1,"bitrate":79213}}}', 'succeeded', 100, NULL, 'job_01M8EGK4RQKKHXSGCJ7H95AXSH', 1795783496471, 1795783496683, 1795783496685, 1795783496685, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK51YPDTR8JA9PEHK8ZQ6', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/NOTICE.md"}', '{}', 'null', 'failed', NULL, '{"kind":"input_not_media","message":"the input has no audio or video stream that ffprobe can read: input: Invalid data found when processing input"}', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 1795783496766, 1795783496779, 1795783496843, 1795783496843, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK51YPDTR8JA9PEHK8ZQ7', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 'import', 'null', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"an earlier task of this job failed"}', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 1795783496766, NULL, 1795783496846, 1795783496846, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK51YPDTR8JA9PEHK8ZQ8', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 'video', 'null', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"an earlier task of this job failed"}', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 1795783496766, NULL, 1795783496846, 1795783496846, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK51YPDTR8JA9PEHK8ZQ9', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 'export', 'null', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"an earlier task of this job failed"}', 'job_01M8EGK51YPDTR8JA9PEHK8ZQ5', 1795783496766, NULL, 1795783496846, 1795783496846, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK57WQM27KTGDY39RTXNQ', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK57WQM27KTGDY39RTXNP', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/bigbuckbunny.mp4"}', '{}', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bigbuckbunny.mp4","filename":"bigbuckbunny.mp4","filesize":1055736,"mimetype":"video/mp4","format":"mp4","width":1280,"height":720,"duration":5.312,"bitrate":1589963,"framerate":25,"codecs":{"video":{"name":"h264","profile":"main","level":"3.1"},"audio":{"name":"aac","sample_rate":48000,"channels":6,"bitrate":384828}}}', 'succeeded', 100, NULL, 'job_01M8EGK57WQM27KTGDY39RTXNP', 1795783496956, 1795783496964, 1795783497057, 1795783497057, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK57WQM27KTGDY39RTXNR', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK57WQM27KTGDY39RTXNP', 'import', '{"object":"external_file","url":"http://127.0.0.1:48679/bigbuckbunny.mp4"}', '{}', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bigbuckbunny.mp4","filename":"bigbuckbunny.mp4","filesize":1055736,"mimetype":"video/mp4","format":"mp4","width":1280,"height":720,"duration":5.312,"bitrate":1589963,"framerate":25,"codecs":{"video":{"name":"h264","profile":"main","level":"3.1"},"audio":{"name":"aac","sample_rate":48000,"channels":6,"bitrate":384828}}}', 'succeeded', 100, NULL, 'job_01M8EGK57WQM27KTGDY39RTXNP', 1795783496956, 1795783497062, 1795783497065, 1795783497065, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK57WQM27KTGDY39RTXNS', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK57WQM27KTGDY39RTXNP', 'adaptive_video', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bigbuckbunny.mp4","filename":"bigbuckbunny.mp4","filesize":1055736,"mimetype":"video/mp4","format":"mp4","width":1280,"height":720,"duration":5.312,"bitrate":1589963,"framerate":25,"codecs":{"video":{"name":"h264","profile":"main","level":"3.1"},"audio":{"name":"aac","sample_rate":48000,"channels":6,"bitrate":384828}}}', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"cancelled by request"}', 'job_01M8EGK57WQM27KTGDY39RTXNP', 1795783496956, 1795783497067, 1795783497652, 1795783497652, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK57WQM27KTGDY39RTXNT', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK57WQM27KTGDY39RTXNP', 'export', 'null', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"cancelled by request"}', 'job_01M8EGK57WQM27KTGDY39RTXNP', 1795783496956, NULL, 1795783497652, 1795783497652, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK5ZWWQCPYKSSW5NS1SAB', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK5ZWWQCPYKSSW5NS1SAA', 'probe', '{"object":"external_file","url":"http://127.0.0.1:48679/bikes.mp4"}', '{}', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bikes.mp4","filename":"bikes.mp4","filesize":509868,"mimetype":"video/mp4","format":"mp4","width":640,"height":272,"duration":10,"bitrate":407894,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"2.1"},"audio":null}}', 'succeeded', 100, NULL, 'key_01M8EGK3VVA85Z8RFNDMYAFX98', 1795783497724, 1795783497731, 1795783497804, 1795783497804, true);
INSERT INTO public.tasks VALUES ('task_01M8EGK65SFEBHSJDDAZ4XZQXK', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK65SFEBHSJDDAZ4XZQXJ', 'image', '{"object":"file","kind":"video","url":"http://127.0.0.1:48679/bikes.mp4","filename":"bikes.mp4","filesize":509868,"mimetype":"video/mp4","format":"mp4","width":640,"height":272,"duration":10,"bitrate":407894,"framerate":25,"codecs":{"video":{"name":"h264","profile":"high","level":"2.1"},"audio":null}}', '{"start":1,"width":80}', '{"object":"file","kind":"image","url":"http://kiln.upgrade.test/files/task_01M8EGK65SFEBHSJDDAZ4XZQXK/bikes.jpg","filename":"bikes.jpg","filesize":668,"mimetype":"image/jpeg","format":"jpeg","width":80,"height":34,"duration":null,"bitrate":null,"framerate":null,"codecs":{"video":{"name":"mjpeg","profile":"baseline","level":null},"audio":null}}', 'succeeded', 100, NULL, 'key_01M8EGK3VVA85Z8RFNDMYAFX98', 1795783497913, 1795783497920, 1795783498132, 1795783498132, true);
INSERT INTO public.tasks VALUES ('task_01M8EGK6F2N3AN0FQ3CFTNN30K', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6F2N3AN0FQ3CFTNN30J', 'adaptive_video', '{"url":"http://127.0.0.1:48679/bigbuckbunny.mp4","object":"file"}', '{}', 'null', 'cancelled', NULL, '{"kind":"cancelled","message":"cancelled by request"}', 'key_01M8EGK3VVA85Z8RFNDMYAFX98', 1795783498210, 1795783498221, 1795783498224, 1795783498224, true);
INSERT INTO public.tasks VALUES ('task_01M8EGK6VACH5V9KQB6BSTZVWN', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 'probe', 'null', '{}', 'null', 'waiting', NULL, NULL, 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 1795783498602, NULL, NULL, 1795783498602, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK6VACH5V9KQB6BSTZVWP', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 'import', 'null', '{}', 'null', 'waiting', NULL, NULL, 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 1795783498602, NULL, NULL, 1795783498602, false);
INSERT INTO public.tasks VALUES ('task_01M8EGK6VACH5V9KQB6BSTZVWQ', 'proj_01M8EGK3VSR1HE6R5CKHB292NN', 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 'video', 'null', '{}', 'null', 'waiting', NULL, NULL, 'job_01M8EGK6VACH5V9KQB6BSTZVWM', 1795783498602, NULL, NULL, 1795783498602, false);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: api_keys api_keys_secret_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash);


--
-- Name: connections connections_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.connections
    ADD CONSTRAINT connections_pkey PRIMARY KEY (id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (project_id, key);


--
-- Name: jobs jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);


--
-- Name: kiln_migrations kiln_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kiln_migrations
    ADD CONSTRAINT kiln_migrations_pkey PRIMARY KEY (name);


--
-- Name: projects projects_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_name_key UNIQUE (name);


--
-- Name: projects projects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);


--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);


--
-- Name: connections_project; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX connections_project ON public.connections USING btree (project_id, id);


--
-- Name: jobs_project; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jobs_project ON public.jobs USING btree (project_id, id);


--
-- Name: jobs_project_input; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jobs_project_input ON public.jobs USING btree (project_id, input, id);


--
-- Name: jobs_project_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jobs_project_kind ON public.jobs USING btree (project_id, kind, id);


--
-- Name: jobs_project_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jobs_project_status ON public.jobs USING btree (project_id, status, id);


--
-- Name: jobs_runnable; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jobs_runnable ON public.jobs USING btree (status, id) WHERE (status = ANY (ARRAY['queued'::text, 'processing'::text]));


--
-- Name: tasks_job; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_job ON public.tasks USING btree (job_id, id);


--
-- Name: tasks_project; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_project ON public.tasks USING btree (project_id, id);


--
-- Name: tasks_project_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_project_kind ON public.tasks USING btree (project_id, kind, id);


--
-- Name: tasks_project_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_project_status ON public.tasks USING btree (project_id, status, id);


--
-- Name: api_keys api_keys_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- PostgreSQL database dump complete
--

\unrestrict kIWM2CtTTyUefPHaGYuHpi7HLtK36e0smNsIhDHyrT4FhFpsehkOAdr9qjuWTFh

