// Package scaling converts a service's Auto Scaling policies and scheduled
// actions between the spec's form (controller/api) and the AWS SDK's input
// and output structs, for one group at a time:
//
//   - Want renders what a group must carry, with the "{group}" dimension
//     placeholder substituted, the ALBRequestCountPerTarget resource label
//     built from the group's own target group and each step or simple
//     policy's alarm named AlarmName(group, policy);
//   - Have reads back what AWS shows into the same canonical Config, with
//     the defaults AWS fills in canonicalised away, and lists in sentences
//     what the spec cannot express;
//   - Diff says which policies, alarms and scheduled actions to put and to
//     delete; PutPolicyInput, PutAlarmInput and PutScheduledInput build the
//     requests the executor sends;
//   - Adopt turns what a group carries back into the spec's form, for teams
//     that migrate existing groups.
//
// It is pure: it imports only the standard library (no I/O packages),
// controller/api and the request and response types of the SDK's
// autoscaling and cloudwatch services (it never calls them), takes no
// clock and draws no random numbers; a test keeps it that way.
package scaling
