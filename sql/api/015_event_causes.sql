-- GENERATED from the event table (proto/events.c) by `make events-sql`
-- (scripts/events_sql.c, proto/events_sql.c): do not edit. Change
-- proto/events.c and run `make events-sql`; tests/unit/test_events.c fails
-- while this file is not what the generator writes.

-- The operations whose signed request can cause an entry of each
-- meeting-log event (the table's causes column), as {event: [op, ...]}; an
-- event not named here takes any. yg_request_mismatch reads it.
CREATE OR REPLACE FUNCTION public.yg_event_causes()
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
	SELECT '{
		"meeting.announced": ["meeting.announce"],
		"meeting.opened": ["meeting.open"],
		"meeting.closed": ["meeting.close"],
		"observer.invited": ["meeting.invite"],
		"attendance.in": ["meeting.check_in"],
		"attendance.out": ["meeting.check_out"],
		"attendance.absent": ["meeting.absent"],
		"agenda.opened": ["agenda.open"],
		"agenda.presented": ["agenda.present"],
		"agenda.statement": ["agenda.speak", "agenda.pass"],
		"agenda.recused": ["agenda.recuse"],
		"agenda.presiding": ["agenda.preside"],
		"agenda.deferred": ["agenda.defer"],
		"agenda.discussed": ["agenda.close"],
		"floor.requested": ["floor.request"],
		"floor.granted": ["floor.grant"],
		"minutes.signed": ["minutes.sign"],
		"minutes.correction_proposed": ["minutes.correct"],
		"minutes.correction_signed": ["minutes.countersign"],
		"presiding.succeeded": ["presiding.succeed"],
		"scrutineers.designated": ["scrutineer.designate"],
		"scrutineer.key": ["scrutineer.publish"],
		"election.key": ["election.key"],
		"vote.opened": ["vote.open"],
		"vote.cast": ["vote.cast"],
		"vote.closing": ["vote.close"],
		"vote.decrypted": ["vote.decrypt"],
		"vote.result": ["vote.result"],
		"vote.voided": ["vote.void"],
		"agenda.agreed": ["minutes.agree"],
		"floor.remark": ["minutes.remark"],
		"scrutineer.sealed": ["scrutineer.seal"],
		"scrutineer.accepted": ["scrutineer.accept"]
	}'::jsonb
$function$;

-- The names that, where both an entry's data and its request's arguments
-- carry them, must agree (event_agreeing_args). yg_request_mismatch reads it.
CREATE OR REPLACE FUNCTION public.yg_event_agreeing_args()
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
	SELECT ARRAY[
		'item', 'round', 'body', 'position', 'candidate', 'reason',
		'member', 'text', 'signature', 'tally', 'role', 'request']
$function$;
